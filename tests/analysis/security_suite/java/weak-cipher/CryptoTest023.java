// cc-suite: cwe=327 real
package org.owasp.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/suite/CryptoTest023")
public class CryptoTest023 extends HttpServlet {

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
        String param = request.getParameter("CryptoTest023");
        if (param == null) param = "";
        try {
            javax.crypto.KeyGenerator kg = javax.crypto.KeyGenerator.getInstance("DESede");
            javax.crypto.SecretKey key = kg.generateKey();
            response.getWriter().println("Key length: " + key.getEncoded().length);
        } catch (java.security.GeneralSecurityException e) {
            throw new ServletException(e);
        }

    }
}
