// cc-suite: cwe=611 safe
package org.owasp.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/suite/XxeTest016Safe")
public class XxeTest016Safe extends HttpServlet {

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
        String param = request.getParameter("XxeTest016Safe");
        if (param == null) param = "";
        try {
            javax.xml.transform.TransformerFactory tf = javax.xml.transform.TransformerFactory.newInstance();
            tf.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
            javax.xml.transform.Transformer t = tf.newTransformer();
            t.transform(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(param)),
                        new javax.xml.transform.stream.StreamResult(response.getWriter()));
        } catch (Exception e) {
            throw new ServletException(e);
        }

    }
}
