// cc-suite: cwe=295 real
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
        System.Net.ServicePointManager.ServerCertificateValidationCallback = (sender, cert, chain, errors) => true;

    }
}
