// cc-suite: cwe=330 safe
package org.owasp.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/suite/WeakRandTest014Safe")
public class WeakRandTest014Safe extends HttpServlet {

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
        String param = request.getParameter("WeakRandTest014Safe");
        if (param == null) param = "";
        java.util.Random jitterGen = new java.util.Random();
        int wait = jitterGen.nextInt(10);
        try {
            Thread.sleep((long) wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        java.security.SecureRandom numGen = new java.security.SecureRandom();
        byte[] bytes = new byte[16];
        numGen.nextBytes(bytes);
        String rememberMeKey = java.util.Base64.getEncoder().encodeToString(bytes);
        request.getSession().setAttribute("userKey", rememberMeKey);

    }
}
