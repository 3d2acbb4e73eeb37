package io.metering.ingest.error;

import java.sql.SQLException;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Gives the framework's own 4xx (bad JSON, wrong media type) and database refusals the same JSON shape and a reason. */
public class FrameworkExceptionMappers {

    private static final Logger LOG = Logger.getLogger(FrameworkExceptionMappers.class);

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        String detail = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
        return json(400, "malformed_json", "The body is not valid JSON for this endpoint: " + abbreviate(detail));
    }

    @ServerExceptionMapper
    public Response wrongJsonType(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("the body");
        return json(400, "malformed_json", "'" + field + "' has the wrong type or shape");
    }

    /**
     * Text the database refuses came from the caller: 400 ({@link ApiException#refusedText}). Any other
     * database error is ours: logged, 500.
     */
    @ServerExceptionMapper
    public Response database(SQLException e) {
        return ApiException.refusedText(e)
                .map(refusal -> json(refusal.status(), refusal.code(), refusal.getMessage()))
                .orElseGet(() -> {
                    LOG.errorf(e, "Database error (SQLSTATE %s)", e.getSQLState());
                    return json(500, "internal_error", "The request failed on the server; the error is logged");
                });
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return json(415, "unsupported_media_type",
                "Send application/json or application/vnd.metering.batch+avro");
    }

    @ServerExceptionMapper
    public Response roleRefused(io.quarkus.security.ForbiddenException e) {
        return json(403, "forbidden", "Your roles do not allow this operation");
    }

    @ServerExceptionMapper
    public Response notAuthenticated(io.quarkus.security.UnauthorizedException e) {
        return json(401, "unauthorized", "A valid bearer token is required");
    }

    @ServerExceptionMapper(priority = 5000)
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return e.getResponse();
        }
        String message = e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage();
        return json(status, "http_" + status, abbreviate(message));
    }

    private static Response json(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiExceptionMapper.ErrorBody(code, message)).build();
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
