package io.swanledger.accesslist;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code swanledger.access-list.*}: the campus network database's export as a file the gateway
 * watches ({@code path}; unset: loaded only through the API or the jar's command). A change is
 * imported once the file has been the same for one {@code check-period} (a copy in progress is never
 * read half-way); the file is also imported every {@code refresh}, which records nothing when the
 * list in force already matches it.
 */
@ConfigurationProperties("swanledger.access-list")
public record AccessListProperties(String path,
                                   @DefaultValue("2s") Duration checkPeriod,
                                   @DefaultValue("1h") Duration refresh) {

    public AccessListProperties {
        if (checkPeriod.toMillis() < 100 || checkPeriod.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalStateException("swanledger.access-list.check-period must be between 100 ms and 1 h, not " + checkPeriod);
        }
        if (refresh.compareTo(checkPeriod) < 0) {
            throw new IllegalStateException("swanledger.access-list.refresh must not be shorter than check-period");
        }
    }
}
