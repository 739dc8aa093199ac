// cc-suite: cwe=328 real
package org.owasp.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/suite/HashTest014")
public class HashTest014 extends HttpServlet {

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
        String param = request.getParameter("HashTest014");
        if (param == null) param = "";
        try {
            java.util.Properties benchmarkprops = new java.util.Properties();
            benchmarkprops.load(this.getClass().getClassLoader().getResourceAsStream("benchmark.properties"));
            String algorithm = benchmarkprops.getProperty("hashAlg1", "MD2");
            java.security.MessageDigest md = java.security.MessageDigest.getInstance(algorithm);
            byte[] input = param.getBytes("UTF-8");
            md.update(input);
            byte[] result = md.digest();
            response.getWriter().println("Hash: " + java.util.Base64.getEncoder().encodeToString(result));
        } catch (java.security.GeneralSecurityException e) {
            throw new ServletException(e);
        }

    }
}
