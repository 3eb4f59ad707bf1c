package org.onestop.events;

/**
 * A topic with the Java types of its key and value, so producers and consumers agree at compile time.
 *
 * @param name      the Kafka topic name, versioned by its suffix
 * @param keyType   the key's type (the person reference, as its hex string on the wire)
 * @param valueType the JSON value's type
 * @param ceType    the CloudEvents {@code ce_type} of its records
 */
public record Topic<K, V>(String name, Class<K> keyType, Class<V> valueType, String ceType) {

    @Override
    public String toString() {
        return name;
    }
}
