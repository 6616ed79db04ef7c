package dev.lambdachain.local;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class RoutesTest {
    private static final Routes ROUTES = Routes.of(List.of(
            function("NewTransactionFunction", new SamTemplate.Route("POST", "/transactions/new", false)),
            function("TransactionStatusFunction", new SamTemplate.Route("GET", "/transactions/{id}", false)),
            function("MineFunction", new SamTemplate.Route("GET", "/mine", true), new SamTemplate.Route("POST", "/mine", true))));

    @Test
    void literalSegmentWinsOverParameterForTheSameMethod() {
        Routes.Found found = assertInstanceOf(Routes.Found.class, ROUTES.match("POST", "/transactions/new"));
        assertEquals("NewTransactionFunction", found.functionId());
        assertEquals("POST /transactions/new", found.routeKey());
    }

    @Test
    void aParameterRouteOfTheRequestMethodTakesALiteralLookingSegment() {
        Routes.Found found = assertInstanceOf(Routes.Found.class, ROUTES.match("GET", "/transactions/new"));
        assertEquals("TransactionStatusFunction", found.functionId());
        assertEquals(Map.of("id", "new"), found.pathParameters());
    }

    @Test
    void pathParametersArePercentDecodedKeepingPlusSigns() {
        Routes.Found found = assertInstanceOf(Routes.Found.class, ROUTES.match("GET", "/transactions/a%20b+c%2F"));
        assertEquals(Map.of("id", "a b+c/"), found.pathParameters());
    }

    @Test
    void knownPathWithOtherMethodListsTheAllowedOnes() {
        Routes.MethodNotAllowed refused = assertInstanceOf(Routes.MethodNotAllowed.class, ROUTES.match("PUT", "/mine"));
        assertEquals(Set.of("GET", "POST"), refused.allowed());
    }

    @Test
    void unknownPathsTrailingSlashesAndEmptyParametersAreNotFound() {
        assertInstanceOf(Routes.NotFound.class, ROUTES.match("GET", "/nope"));
        assertInstanceOf(Routes.NotFound.class, ROUTES.match("GET", "/mine/"));
        assertInstanceOf(Routes.NotFound.class, ROUTES.match("GET", "/transactions/"));
        assertInstanceOf(Routes.NotFound.class, ROUTES.match("GET", "/"));
    }

    private static SamTemplate.Function function(String id, SamTemplate.Route... routes) {
        return new SamTemplate.Function(id, "unused", 3, 128, List.of(routes));
    }
}
