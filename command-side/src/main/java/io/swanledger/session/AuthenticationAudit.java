package io.swanledger.session;

import io.swanledger.api.session.AuthenticationRejected;
import io.swanledger.api.session.RecordAuthenticationRejection;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;

/**
 * Records refused logins. A rejection guards no invariant — it opens nothing and holds nothing — so
 * it is a plain event in the store, not an aggregate: cheap enough for a password-guessing flood.
 */
public class AuthenticationAudit {

    private final EventBus eventBus;

    public AuthenticationAudit(EventBus eventBus) {
        this.eventBus = eventBus;
    }

    @CommandHandler
    public void handle(RecordAuthenticationRejection c) {
        eventBus.publish(GenericEventMessage.asEventMessage(new AuthenticationRejected(c.account(), c.sentName(),
                c.peer(), c.nas(), c.reason(), c.detail(), c.certificateSubject(), c.certificateIssuer(),
                c.gateway(), c.at())));
    }
}
