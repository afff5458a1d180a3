package io.swanledger.query;

import java.util.List;
import java.util.TreeSet;
import org.axonframework.serialization.Revision;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/** The event types the api defines (every record there with a {@code @Revision}), found once at start. */
final class EventTypes {

    static final List<String> NAMES = scan();

    /** The timeline's categories, and "operator": whatever a person asked for (a terminate, an import). */
    static final List<String> CATEGORIES = List.of("authentication", "operator", "pool", "session", "vlan");

    private EventTypes() {
    }

    private static List<String> scan() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        TreeSet<String> names = new TreeSet<>();
        for (BeanDefinition d : scanner.findCandidateComponents("io.swanledger.api")) {
            String name = d.getBeanClassName();
            names.add(name.substring(name.lastIndexOf('.') + 1));
        }
        return List.copyOf(names);
    }
}
