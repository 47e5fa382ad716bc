<%@ Page Language="C#" AutoEventWireup="true" Inherits="Microsoft.Exchange.HttpProxy.Logon" %>
<!-- placeholder for signout.aspx, the page a clean Exchange server ships here -->
<html><body></body></html>
