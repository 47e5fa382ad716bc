<%@ Page Language="C#" %>
<html><body><p>Maintenance page</p></body></html>
