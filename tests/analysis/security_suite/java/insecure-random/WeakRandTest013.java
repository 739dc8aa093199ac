// cc-suite: cwe=330 real
package org.owasp.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/suite/WeakRandTest013")
public class WeakRandTest013 extends HttpServlet {

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
        String param = request.getParameter("WeakRandTest013");
        if (param == null) param = "";
        java.util.Random numGen = new java.util.Random();
        byte[] bytes = new byte[16];
        numGen.nextBytes(bytes);
        String rememberMeKey = java.util.Base64.getEncoder().encodeToString(bytes);
        String cookieName = "rememberMe";
        javax.servlet.http.Cookie rememberMe = new javax.servlet.http.Cookie(cookieName, rememberMeKey);
        rememberMe.setSecure(true);
        rememberMe.setHttpOnly(true);
        rememberMe.setPath(request.getRequestURI());
        request.getSession().setAttribute(cookieName, rememberMeKey);
        response.addCookie(rememberMe);

    }
}
