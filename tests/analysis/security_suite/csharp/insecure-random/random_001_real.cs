// cc-suite: cwe=330 real
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
        string token = rng.Next().ToString();
        context.Session["auth"] = token;

    }
}
