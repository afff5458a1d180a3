package io.swanledger.api;

/**
 * A value from outside (a RADIUS attribute, a VICI field, an export line, an HTTP parameter) that
 * does not have the shape swanledger accepts. The message names the field and quotes a sanitized,
 * truncated copy of the input, so that logging it can neither flood a log nor forge log lines.
 */
public class InvalidValueException extends IllegalArgumentException {

    private final String field;
    private final String problem;

    public InvalidValueException(String field, String problem, Object input) {
        super(field + ": " + problem + " (got " + Inputs.quote(input) + ")");
        this.field = field;
        this.problem = problem;
    }

    public InvalidValueException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** What is wrong, without the field's name or the input. */
    public String problem() {
        return problem;
    }

    public String field() {
        return field;
    }
}
