// cc-suite: cwe=330 safe
// A SecureRandom made inline fills a buffer in one expression; the bytes become a login token.
package suite.random;

import java.io.IOException;
import java.util.Base64;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class RandomBytesInlineTokenSafe extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] raw = new byte[16];
        new java.security.SecureRandom().nextBytes(raw);
        String token = Base64.getUrlEncoder().encodeToString(raw);
        Cookie login = new Cookie("login", token);
        login.setSecure(true);
        resp.addCookie(login);
    }
}
