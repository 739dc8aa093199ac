// cc-suite: cwe=330 safe
// The variable is typed as the base class java.util.Random, but the object is a SecureRandom.
package suite.random;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class BaseTypedGeneratorSafe extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Random generator = java.security.SecureRandom.getInstance("SHA1PRNG");
            String resetCode = Long.toHexString(generator.nextLong());
            req.getSession().setAttribute("resetCode", resetCode);
            Cookie c = new Cookie("reset", resetCode);
            c.setSecure(true);
            resp.addCookie(c);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
