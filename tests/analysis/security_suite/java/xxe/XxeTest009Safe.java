// cc-suite: cwe=611 safe
package org.owasp.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/suite/XxeTest009Safe")
public class XxeTest009Safe extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        response.setContentType("text/html;charset=UTF-8");
        String param = request.getParameter("XxeTest009Safe");
        if (param == null) param = "";
        try {
            javax.xml.parsers.SAXParserFactory spf = javax.xml.parsers.SAXParserFactory.newInstance();
            spf.setFeature("http://xml.org/sax/features/external-general-entities", false);
            javax.xml.parsers.SAXParser parser = spf.newSAXParser();
            parser.parse(new org.xml.sax.InputSource(new java.io.StringReader(param)), new org.xml.sax.helpers.DefaultHandler());
        } catch (Exception e) {
            throw new ServletException(e);
        }

    }
}
