// cc-suite: cwe=328 safe
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
        using (var h = SHA512.Create())
        {
            var digest = h.ComputeHash(Encoding.UTF8.GetBytes(param));
            context.Response.Write(Convert.ToBase64String(digest));
        }

    }
}
