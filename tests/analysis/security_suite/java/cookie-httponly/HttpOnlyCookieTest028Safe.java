// cc-suite: cwe=1004 safe
package org.owasp.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/suite/HttpOnlyCookieTest028Safe")
public class HttpOnlyCookieTest028Safe extends HttpServlet {

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
        String param = request.getParameter("HttpOnlyCookieTest028Safe");
        if (param == null) param = "";
        javax.servlet.http.Cookie session = new javax.servlet.http.Cookie("JSESSIONID2", request.getSession().getId());
        session.setSecure(true);
        session.setHttpOnly(true);
        response.addCookie(session);

    }
}
