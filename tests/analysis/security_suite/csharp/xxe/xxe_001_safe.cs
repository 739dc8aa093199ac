// cc-suite: cwe=611 safe
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
        var settings = new System.Xml.XmlReaderSettings();
        settings.DtdProcessing = DtdProcessing.Prohibit;
        using (var reader = System.Xml.XmlReader.Create(new System.IO.StringReader(param), settings))
        {
            while (reader.Read()) { }
        }

    }
}
