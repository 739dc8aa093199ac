// cc-suite: cwe=330 safe
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
        var rng = new Random();
        System.Threading.Thread.Sleep(rng.Next(50));
        var cookie = new HttpCookie("sid", Guid.NewGuid().ToString()) { Secure = true, HttpOnly = true };
        context.Response.Cookies.Add(cookie);

    }
}
