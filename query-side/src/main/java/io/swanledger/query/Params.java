package io.swanledger.query;

import io.swanledger.api.InvalidValueException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * A request's query parameters, checked once: each known at most once, none unknown. A parameter that
 * the chosen mode would ignore, or one given twice, is a 400 rather than a silently different search.
 */
final class Params {

    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = values;
    }

    static Params of(MultiValueMap<String, String> raw, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        raw.forEach((name, list) -> {
            if (!allowed.contains(name)) {
                throw new InvalidValueException(name, "is not a parameter here; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (list.size() != 1) {
                throw new InvalidValueException(name, "is given " + list.size() + " times; give it once");
            }
            values.put(name, list.get(0));
        });
        return new Params(values);
    }

    String get(String name) {
        return values.get(name);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** Refuses, naming them, the parameters present that {@code mode} does not use. */
    void onlyFor(String mode, Set<String> used) {
        List<String> ignored = values.keySet().stream().filter(k -> !used.contains(k)).sorted().toList();
        if (!ignored.isEmpty()) {
            throw new InvalidValueException(ignored.get(0), "is not used " + mode + " (it takes only "
                    + String.join(", ", used.stream().sorted().toList()) + ")");
        }
    }
}
