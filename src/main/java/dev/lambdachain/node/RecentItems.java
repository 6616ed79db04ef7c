package dev.lambdachain.node;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} keys this process put, each with a value; the oldest is forgotten
 * when one more comes. Memory stays bounded whatever a sender sends; forgetting costs at most the
 * work the entry saved (a store call, a fetch). Safe for concurrent use.
 */
final class RecentItems<K, V> {
    private final Map<K, V> items;

    RecentItems(int capacity) {
        this.items = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The value of {@code key}, or null when it was never put or is forgotten. */
    synchronized V get(K key) {
        return items.get(key);
    }

    synchronized void put(K key, V value) {
        items.put(key, value);
    }

    /** Puts {@code key} unless it is there; true when it was not. */
    synchronized boolean putIfAbsent(K key, V value) {
        return items.putIfAbsent(key, value) == null;
    }

    synchronized void remove(K key) {
        items.remove(key);
    }
}
