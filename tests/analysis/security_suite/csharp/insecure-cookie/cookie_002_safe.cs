// cc-suite: cwe=614 safe
using System;
using System.Security.Cryptography;
using System.Text;
using System.Web;

public class Handler : IHttpHandler
{
    public bool IsReusable => false;

    public void ProcessRequest(HttpContext context)
    {
        string param = context.Request.QueryString["q"] ?? "";
        var cookie = new HttpCookie("pref", param) { Secure = true, HttpOnly = true };
        context.Response.Cookies.Add(cookie);

    }
}
