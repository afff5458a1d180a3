package io.swanledger.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** The query side's refusals as pages: its message for a 400, what the role allows for a 403, a 503 that says why. */
@ControllerAdvice
class UiErrors {

    @ExceptionHandler(QuerySide.Refused.class)
    ModelAndView signedOut(HttpServletRequest request) {
        // the query side no longer takes these credentials (changed, removed): sign in again
        if (request.getSession(false) != null) {
            request.getSession(false).invalidate();
        }
        SecurityContextHolder.clearContext();
        return new ModelAndView("redirect:/login?expired");
    }

    @ExceptionHandler(QuerySide.Forbidden.class)
    ModelAndView forbidden(QuerySide.Forbidden e, HttpServletResponse response) {
        return page(response, 403, "Not allowed for your role", e.getMessage());
    }

    @ExceptionHandler(QuerySide.NotFound.class)
    ModelAndView notFound(QuerySide.NotFound e, HttpServletResponse response) {
        return page(response, 404, "Not found", e.getMessage());
    }

    @ExceptionHandler(QuerySide.BadInput.class)
    ModelAndView badInput(QuerySide.BadInput e, HttpServletResponse response) {
        return page(response, 400, "That search cannot be run", e.getMessage());
    }

    @ExceptionHandler(QuerySide.Unavailable.class)
    ModelAndView unavailable(QuerySide.Unavailable e, HttpServletResponse response) {
        return page(response, 503, "The audit trail is unavailable", e.getMessage());
    }

    private static ModelAndView page(HttpServletResponse response, int status, String title, String message) {
        response.setStatus(status);
        ModelAndView m = new ModelAndView("problem");
        m.addObject("status", status);
        m.addObject("title", title);
        m.addObject("message", message);
        return m;
    }
}
