package io.swanledger.vici;

import io.swanledger.api.Inputs;
import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.session.CloseReason;
import io.swanledger.api.session.CloseSession;
import io.swanledger.jvici.ViciException;
import io.swanledger.live.LiveSessions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/sessions/{id}/terminate[?reason=…]} (OPERATOR): records the close — reason {@code admin},
 * the operator's name and their reason in its detail — and then has charon delete the IKE_SA. The close is recorded first so that the
 * accounting Stop and the VICI down that the deletion causes find the session closed and cannot give
 * it another reason; the route goes at once. Nothing is recorded while strongSwan is unreachable.
 */
@RestController
public class SessionTermination {

    private static final Logger log = LoggerFactory.getLogger(SessionTermination.class);

    private final LiveSessions sessions;
    private final CommandGateway commands;
    private final GatewayId gateway;
    private final ObjectProvider<StrongSwanLink> strongSwan;

    SessionTermination(LiveSessions sessions, CommandGateway commands, GatewayId gateway,
                       ObjectProvider<StrongSwanLink> strongSwan) {
        this.sessions = sessions;
        this.commands = commands;
        this.gateway = gateway;
        this.strongSwan = strongSwan;
    }

    @PostMapping("/api/sessions/{id}/terminate")
    ResponseEntity<Map<String, Object>> terminate(@PathVariable("id") String rawId,
                                                  @RequestParam(name = "reason", required = false) String reason,
                                                  Authentication who) {
        SessionId id;
        String detail;
        try {
            id = SessionId.of(rawId);
            detail = reason == null || reason.isBlank() ? "terminated by an operator"
                    : "terminated by an operator: " + Inputs.text("reason", reason.strip(), 200);
        } catch (InvalidValueException e) {
            return answer(HttpStatus.BAD_REQUEST, Map.of("error", e.getMessage()));
        }
        Optional<LiveSessions.Tunnel> open = sessions.tunnelOf(id).filter(t -> gateway.value().equals(t.gateway()));
        if (open.isEmpty()) {
            return answer(HttpStatus.NOT_FOUND, Map.of("error", "no open session " + id + " on gateway " + gateway));
        }
        StrongSwanLink link = strongSwan.getIfAvailable();
        if (link == null || !link.connected()) {
            return answer(HttpStatus.SERVICE_UNAVAILABLE,
                    Map.of("error", "strongSwan is not reachable over VICI; nothing was recorded"));
        }
        LiveSessions.Tunnel t = open.get();
        String operator = who.getName();
        commands.sendAndWait(new CloseSession(id, CloseReason.ADMIN, detail, operator, null,
                gateway, Instant.now()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionId", id.value());
        body.put("account", t.account().value());
        body.put("address", t.address() == null ? null : t.address().toString());
        body.put("closed", CloseReason.ADMIN.wire());
        body.put("requestedBy", operator);
        if (t.ikeUniqueId() <= 0) {
            body.put("strongswan", "no IKE_SA known for this session");
            return answer(HttpStatus.OK, body);
        }
        try {
            StrongSwanLink.Termination result = link.terminate(t);
            body.put("strongswan", result == StrongSwanLink.Termination.TERMINATED ? "IKE_SA " + t.ikeUniqueId()
                    + " terminated" : "IKE_SA " + t.ikeUniqueId() + " of this session was already gone");
            log.info("session {} ({}) terminated by {}", id, t.account(), operator);
            return answer(HttpStatus.OK, body);
        } catch (ViciException e) {
            log.warn("session {} closed by {}, but strongSwan did not terminate IKE_SA {}: {}", id, operator,
                    t.ikeUniqueId(), e.getMessage());
            body.put("strongswan", "terminate failed: " + e.getMessage()
                    + " (the close is recorded; if the SA stays up the reconciler adopts it)");
            return answer(HttpStatus.BAD_GATEWAY, body);
        }
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status).body(body);
    }
}
