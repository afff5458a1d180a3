package io.swanledger.session;

import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.Test;

/** The saga of sessions opened before sessions needed one: a new session no longer starts it. */
class SessionLifecycleSagaTest {

    @Test
    void startsNoSagaForANewSession() {
        SagaTestFixture<SessionLifecycleSaga> fixture = new SagaTestFixture<>(SessionLifecycleSaga.class);
        fixture.givenNoPriorActivity()
                .whenAggregate("s1").publishes(VpnSessionTest.authorized())
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
    }
}
