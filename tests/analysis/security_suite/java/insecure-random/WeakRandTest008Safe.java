// cc-suite: cwe=330 safe
package org.owasp.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/suite/WeakRandTest008Safe")
public class WeakRandTest008Safe extends HttpServlet {

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
        String param = request.getParameter("WeakRandTest008Safe");
        if (param == null) param = "";
        int wait = new java.util.Random().nextInt(10);
        try {
            Thread.sleep((long) wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int r = new java.security.SecureRandom().nextInt();
        String rememberMeKey = Integer.toString(r);
        String csrfToken = "t" + rememberMeKey;
        response.getWriter().println("<input type=hidden value=" + csrfToken + ">");

    }
}
