package org.onestop.settlement.identity;

import java.util.function.Consumer;
import org.onestop.events.IdentityChanged;
import org.onestop.settlement.kafka.Blocking;
import org.onestop.settlement.settle.InvalidRequestException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Binding {@code identityChanged-in-0} (group settlement-service): idempotent by event id; unreadable records are dead-lettered. */
@Configuration(proxyBeanMethods = false)
class IdentityConsumer {

    @Bean
    Consumer<Message<byte[]>> identityChanged(JsonMapper json, IdentityView view) {
        return message -> {
            IdentityChanged event;
            try {
                event = json.readValue(message.getPayload(), IdentityChanged.class);
            } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
                throw new InvalidRequestException("(value)", "malformed-identity-changed", "the record is not an IdentityChanged JSON value");
            }
            if (event == null) {
                throw new InvalidRequestException("(value)", "empty", "the record has no value");
            }
            Blocking.await(view.apply(event));
        };
    }
}
