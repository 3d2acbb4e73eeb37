package io.metering.ingest.error;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

/** The one place where errors become HTTP answers: {@code {"error":"code","message":"..."}}. */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<ApiException> {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    @Override
    public Response toResponse(ApiException e) {
        if (e.status() >= 500) {
            LOG.warnf("%s: %s", e.code(), e.getMessage());
        } else {
            LOG.debugf("%d %s: %s", e.status(), e.code(), e.getMessage());
        }
        Response.ResponseBuilder answer = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(e.body());
        e.retryAfterSeconds().ifPresent(s -> answer.header("Retry-After", s));
        return answer.build();
    }

    /** The JSON body of every error answer. */
    public record ErrorBody(String error, String message) {
    }
}
