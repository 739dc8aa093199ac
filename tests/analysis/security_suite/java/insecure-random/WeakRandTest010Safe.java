// cc-suite: cwe=330 safe
package org.owasp.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/suite/WeakRandTest010Safe")
public class WeakRandTest010Safe extends HttpServlet {

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
        String param = request.getParameter("WeakRandTest010Safe");
        if (param == null) param = "";
        long wait = java.util.concurrent.ThreadLocalRandom.current().nextLong(10);
        try {
            Thread.sleep((long) wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long l = java.security.SecureRandom.getInstanceStrong().nextLong();
        String rememberMeKey = Long.toString(l);
        request.getSession().setAttribute("userKey", rememberMeKey);

    }
}
