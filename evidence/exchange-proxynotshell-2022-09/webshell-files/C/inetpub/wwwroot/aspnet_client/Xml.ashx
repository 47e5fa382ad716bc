<%@ WebHandler Language="C#" Class="Sample" %>
public class Sample : System.Web.IHttpHandler {
  public bool IsReusable { get { return false; } }
  public void ProcessRequest(System.Web.HttpContext c) { c.Response.Write("iocc evidence sample - not a web shell"); }
}
