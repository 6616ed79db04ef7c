package dev.lambdachain.core;

import java.util.List;

/** One page of a listing and the cursor of the next one (null on the last page). */
public record Page<T>(List<T> items, String next) {
}
