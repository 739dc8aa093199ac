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
        string token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Session["auth"] = token;

    }
}
