package io.swanledger.radius;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.AuthMethod;
import io.swanledger.api.identity.CertificateDn;
import io.swanledger.api.identity.GatewayId;
import io.swanledger.api.identity.Identity;
import io.swanledger.api.identity.PoolId;
import io.swanledger.api.identity.SessionId;
import io.swanledger.api.session.AuthorizationResult;
import io.swanledger.api.session.AuthorizeSession;
import io.swanledger.api.session.RecordAuthenticationRejection;
import io.swanledger.api.session.RecordAuthenticationRejection.Reason;
import io.swanledger.radius.RadiusCounters.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the upstream's verdict into ours: an Access-Accept becomes a session with an address (or a
 * refusal), an Access-Reject an audited rejection. Answers the NAS only once the command's events are
 * stored. {@link #judge} and {@link #answer} never block (the event loop uses them around a queued
 * authorization); the rest waits for the store, on a worker.
 */
final class LoginDecorator {

    private static final Logger log = LoggerFactory.getLogger(LoginDecorator.class);

    /** Passed on from an upstream Access-Accept besides EAP-Message and MPPE keys; all else is ours to say. */
    private static final int[] PASSED_ON = {18 /* Reply-Message */, 27 /* Session-Timeout */, 28 /* Idle-Timeout */,
            29 /* Termination-Action */, Wire.ACCT_INTERIM_INTERVAL};

    private final RadiusSettings settings;
    private final Replies replies;
    private final RadiusCounters counters;
    private final CommandGateway commands;
    private final GatewayId gateway;
    private final PoolId pool;
    private final int interimSeconds;
    private final AtomicBoolean unvouchedWarned = new AtomicBoolean();

    LoginDecorator(RadiusSettings settings, Replies replies, RadiusCounters counters, CommandGateway commands,
                   GatewayId gateway, PoolId pool, Duration interimInterval) {
        this.interimSeconds = (int) interimInterval.toSeconds();
        this.settings = settings;
        this.replies = replies;
        this.counters = counters;
        this.commands = commands;
        this.gateway = gateway;
        this.pool = pool;
    }

    /** The name sent is not an identity: audited once per conversation, refused without asking upstream. */
    byte[] invalidIdentity(Login login) {
        counters.increment(Counter.INVALID_IDENTITY);
        if (login.firstRound()) {
            audit(RecordAuthenticationRejection.invalidIdentity(login.sentName(), login.identityProblem(), login.peer(),
                    login.nas(), gateway, login.at()));
        }
        return reject(login, eapFailure(login));
    }

    byte[] rejected(Login login, UpstreamRelay.Reply reply) {
        counters.increment(Counter.UPSTREAM_REJECT);
        List<Wire.Attr> up = Wire.attributes(reply.packet());
        String message = null;
        List<Wire.Attr> eap = new ArrayList<>();
        for (Wire.Attr a : up) {
            if (a.type() == Wire.EAP_MESSAGE) {
                eap.add(replies.attribute(a.type(), a.value()));
            } else if (a.type() == 18 && message == null) {
                message = printable(a.text());
            }
        }
        audit(new RecordAuthenticationRejection(login.requested().account(), null, login.peer(), login.nas(),
                Reason.UPSTREAM_REJECT, message, null, null, gateway, login.at()));
        return reject(login, eap.isEmpty() ? eapFailure(login) : eap);
    }

    /**
     * What an upstream Access-Accept asks for: a session to authorize, or a refusal by our certificate
     * policy (then {@code refusal} says why, and the DNs are as they may be recorded); {@code upstream}
     * is the Accept's attributes, read once.
     */
    record Verdict(AuthorizeSession authorize, String refusal, String subject, String issuer,
                   List<Wire.Attr> upstream) {
    }

    /** Judges an Access-Accept without sending anything; cheap enough for the event loop. */
    Verdict judge(Login login, UpstreamRelay.Reply reply) {
        List<Wire.Attr> up = Wire.attributes(reply.packet());
        String subject = certificateField(up, settings.subjectAttribute);
        String issuer = certificateField(up, settings.issuerAttribute);
        String commonName = certificateField(up, settings.commonNameAttribute);
        boolean certificate = subject != null || issuer != null || commonName != null;
        AuthMethod method = certificate || login.eapType() == Login.EAP_TYPE_TLS ? AuthMethod.EAP_TLS
                : login.eapType() == Login.EAP_TYPE_MSCHAPV2 ? AuthMethod.EAP_MSCHAPV2 : AuthMethod.EAP_OTHER;
        AccountName account;
        try {
            subject = CertificateDn.check("certificate subject", subject);
            issuer = CertificateDn.check("certificate issuer", issuer);
            account = vouchedAccount(up, method, commonName);
        } catch (InvalidValueException e) {
            return new Verdict(null, e.getMessage(), subject(subject), subject(issuer), up);
        }
        if (method == AuthMethod.EAP_TLS) {
            String refusal = certificateRefusal(subject, issuer);
            if (refusal != null) {
                return new Verdict(null, refusal, subject, issuer, up);
            }
        }
        boolean vouched = account != null || method != AuthMethod.EAP_TLS;
        if (!vouched) {
            warnUnvouchedOnce();
        }
        return new Verdict(new AuthorizeSession(sessionIdFor(login), pool, login.requested(),
                account != null ? account : login.requested().account(), method, subject, issuer, login.peer(),
                login.nas(), login.acctSessionId(), null, gateway, login.at(), vouched,
                login.peer() == null ? login.callingStationId() : null), null, null, null, up);
    }

    /** Decides an Access-Accept, waiting for the store (on a worker). */
    byte[] accepted(Login login, UpstreamRelay.Reply reply) {
        Verdict verdict = judge(login, reply);
        if (verdict.authorize() == null) {
            return policyRefusal(login, reply, verdict.subject(), verdict.issuer(), verdict.refusal());
        }
        return answer(login, reply, verdict, commands.sendAndWait(verdict.authorize()));
    }

    /** The reply to an Access-Accept once its authorization is recorded. */
    byte[] answer(Login login, UpstreamRelay.Reply reply, Verdict verdict, AuthorizationResult result) {
        if (!result.accepted()) {
            counters.increment(Counter.SESSION_REFUSED);
            return reject(login, eapFailure(reply));
        }
        counters.increment(Counter.ACCEPTED);
        List<Wire.Attr> up = verdict.upstream();
        List<Wire.Attr> out = new ArrayList<>();
        for (Wire.Attr a : up) {
            if (a.type() == Wire.EAP_MESSAGE || passedOn(a.type())) {
                out.add(replies.attribute(a.type(), a.value()));
            } else if (a.vendor() == Wire.VENDOR_MICROSOFT) {
                int type = a.vendorType();
                if (type == Wire.MS_MPPE_SEND_KEY || type == Wire.MS_MPPE_RECV_KEY) {
                    out.add(replies.vendorAttribute(Wire.VENDOR_MICROSOFT, type, MppeKeys.recrypt(a.vendorValue(),
                            reply.server().secret(), reply.requestAuthenticator(), login.client().secret(),
                            Wire.authenticator(login.request()))));
                } else if (type > 0) {
                    out.add(replies.attribute(a.type(), a.value()));
                }
            }
        }
        if (up.stream().noneMatch(a -> a.type() == Wire.ACCT_INTERIM_INTERVAL)) {
            // strongSwan sends an Interim-Update this often: the sign of life silent sessions are judged by
            out.add(replies.attribute(Wire.ACCT_INTERIM_INTERVAL, new byte[] {(byte) (interimSeconds >>> 24),
                    (byte) (interimSeconds >>> 16), (byte) (interimSeconds >>> 8), (byte) interimSeconds}));
        }
        out.add(replies.attribute(Wire.FRAMED_IP_ADDRESS, result.address().toBytes()));
        out.add(replies.attribute(Wire.CLASS, result.sessionId().value()));
        return replies.encode(Wire.ACCESS_ACCEPT, login.request(), out, login.client().secret());
    }

    /**
     * Who the upstream vouched for: for EAP-TLS the certificate's common name (or the Accept's
     * User-Name where the site says its AAA server writes the certificate's name there); for other
     * methods the Accept's User-Name. Null when it named nobody. For a password method the name it
     * checked is the one the client sent, so the caller may use that; for EAP-TLS the EAP identity is
     * only the client's claim (a valid certificate of bob may claim alice@123456), and a stock
     * FreeRADIUS echoes that claim as the Accept's User-Name, so neither becomes the account.
     */
    private AccountName vouchedAccount(List<Wire.Attr> up, AuthMethod method, String commonName) {
        if (method == AuthMethod.EAP_TLS) {
            if (commonName != null) {
                return new AccountName(commonName);
            }
            if (!settings.userNameVouchesForCertificates) {
                return null;
            }
        }
        for (Wire.Attr a : up) {
            if (a.type() == Wire.USER_NAME) {
                String name = a.strictText();
                if (name == null) {
                    throw new InvalidValueException("upstream User-Name", "is not valid UTF-8");
                }
                return Identity.parse(name).account();
            }
        }
        return null;
    }

    private void warnUnvouchedOnce() {
        if (unvouchedWarned.compareAndSet(false, true)) {
            log.warn("an EAP-TLS login was accepted upstream, but nothing names its certificate's holder "
                    + "(swanledger.radius.certificate.common-name-attribute unset or not in the Accept): its claimed name "
                    + "is recorded as unverified and gets no lab route");
        }
    }

    private String certificateRefusal(String subject, String issuer) {
        if (!settings.allowedIssuers.isEmpty() && (issuer == null || !settings.allowedIssuers.contains(issuer))) {
            return issuer == null ? "the upstream reported no certificate issuer" : "certificate issuer is not allowed";
        }
        if (settings.subjectPattern != null && (subject == null || !settings.subjectPattern.matcher(subject).matches())) {
            return subject == null ? "the upstream reported no certificate subject" : "certificate subject is not allowed";
        }
        return null;
    }

    private byte[] policyRefusal(Login login, UpstreamRelay.Reply reply, String subject, String issuer, String why) {
        counters.increment(Counter.CERTIFICATE_POLICY);
        audit(new RecordAuthenticationRejection(login.requested().account(), null, login.peer(), login.nas(),
                Reason.CERTIFICATE_POLICY, printable(why), subject, issuer, gateway, login.at()));
        return reject(login, eapFailure(reply));
    }

    /** One session id per NAS conversation: strongSwan's Acct-Session-Id is unique per IKE_SA. */
    SessionId sessionIdFor(Login login) {
        if (login.acctSessionId() == null) {
            return SessionId.random();
        }
        String key = gateway.value() + '|' + login.nas().address() + '|' + login.nas().identifier() + '|'
                + login.acctSessionId();
        return new SessionId(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString());
    }

    private void audit(RecordAuthenticationRejection c) {
        commands.sendAndWait(c);
    }

    private byte[] reject(Login login, List<Wire.Attr> attributes) {
        return replies.encode(Wire.ACCESS_REJECT, login.request(), attributes, login.client().secret());
    }

    /** EAP-Failure answering the client's last EAP response (RFC 3579 §2.6.3). */
    private List<Wire.Attr> eapFailure(Login login) {
        int id = 0;
        for (Wire.Attr a : login.attributes()) {
            if (a.type() == Wire.EAP_MESSAGE && a.value().length >= 2) {
                id = a.value()[1] & 0xff;
                break;
            }
        }
        return List.of(replies.attribute(Wire.EAP_MESSAGE, new byte[] {4, (byte) id, 0, 4}));
    }

    /** The upstream's EAP-Success turned into an EAP-Failure with the same identifier. */
    private List<Wire.Attr> eapFailure(UpstreamRelay.Reply reply) {
        for (Wire.Attr a : Wire.attributes(reply.packet())) {
            if (a.type() == Wire.EAP_MESSAGE && a.value().length >= 2) {
                return List.of(replies.attribute(Wire.EAP_MESSAGE, new byte[] {4, a.value()[1], 0, 4}));
            }
        }
        return List.of(replies.attribute(Wire.EAP_MESSAGE, new byte[] {4, 0, 0, 4}));
    }

    private static String certificateField(List<Wire.Attr> up, RadiusSettings.AttributeRef ref) {
        if (ref == null) {
            return null;
        }
        for (Wire.Attr a : up) {
            if (ref.vendor() < 0 && a.type() == ref.type()) {
                return a.text();
            }
            if (ref.vendor() >= 0 && a.vendor() == ref.vendor() && a.vendorType() == ref.type()) {
                return new String(a.vendorValue(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static boolean passedOn(int type) {
        for (int t : PASSED_ON) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }

    /** A DN we could not keep is recorded as a description, never raw. */
    private static String subject(String dn) {
        return dn == null ? null : printable(dn);
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 250; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
