package io.swanledger.accesslist;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The operator API of the list, where the gateway serves HTTP. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@Import(AccessListApi.class)
public class AccessListApiConfiguration {
}
