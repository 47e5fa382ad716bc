<%@ Page Language="C#" %>
<% Response.Write("iocc evidence sample - not a web shell"); %>
