// cc-suite: cwe=330 real
// A plain java.util.Random seeded from the clock makes the reset code.
package suite.random;

import java.io.IOException;
import java.util.Random;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class BaseTypedGenerator extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Random generator = new Random(System.currentTimeMillis());
        String resetCode = Long.toHexString(generator.nextLong());
        req.getSession().setAttribute("resetCode", resetCode);
        Cookie c = new Cookie("reset", resetCode);
        c.setSecure(true);
        resp.addCookie(c);
    }
}
