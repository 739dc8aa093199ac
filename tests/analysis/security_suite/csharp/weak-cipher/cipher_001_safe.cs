// cc-suite: cwe=327 safe
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
        using (var alg = Aes.Create())
        {
            var enc = alg.CreateEncryptor();
            var data = Encoding.UTF8.GetBytes(param);
            context.Response.Write(Convert.ToBase64String(enc.TransformFinalBlock(data, 0, data.Length)));
        }

    }
}
