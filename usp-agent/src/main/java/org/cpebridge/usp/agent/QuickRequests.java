package org.cpebridge.usp.agent;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.proto.UspMsg;

/**
 * Which requests are small enough to answer on the netty I/O loop that read them, decided from the message and the
 * Supported Data Model alone, before any of the request's work is done. The loop is shared by every transport
 * (Matter's UDP too), so only requests whose work is bounded by the schema qualify: a GetSupportedProtocol, and a Get
 * of at most {@value #MAX_PATHS} paths, each either a parameter (one the schema has) of an object that is no table and in no table
 * ({@code Device.LocalAgent.EndpointID}) or such an object whose whole subtree holds no table
 * ({@code Device.DeviceInfo.}), so that the answer has a fixed, small number of parameters. A path with an instance
 * number, a wildcard, a search expression or a reference, a Get of an object with a table under it
 * ({@code Device.ProxiedDevice.}, {@code Device.LocalAgent.}), every write, Operate, GetInstances and GetSupportedDM,
 * and every message that is not a request go to the agent's executor.
 *
 * <p>Immutable, so any thread may ask.
 */
final class QuickRequests {
    /** The most paths a quick Get may name: each costs a path lookup and a few parameters. */
    static final int MAX_PATHS = 16;

    // Every object that is no table and in no table, by its path ("Device.DeviceInfo.").
    private final Map<String, ObjectSchema> fixedObjects = new HashMap<>();
    // Those of them whose whole subtree holds no table.
    private final Set<String> boundedObjects = new HashSet<>();

    QuickRequests(ObjectSchema root) {
        Objects.requireNonNull(root, "root");
        walk(root, root.name() + ".");
    }

    /** Whether its subtree holds no table; records {@code schema} when it is no table. */
    private boolean walk(ObjectSchema schema, String path) {
        if (schema.multiInstance()) {
            return false;
        }
        boolean fixed = true;
        for (ObjectSchema child : schema.children()) {
            fixed &= walk(child, path + child.name() + ".");
        }
        fixedObjects.put(path, schema);
        if (fixed) {
            boundedObjects.add(path);
        }
        return fixed;
    }

    /** Whether {@code msg} is a request this class lets the I/O loop answer (see the class comment). */
    boolean isQuick(UspMsg.Msg msg) {
        if (!msg.getBody().hasRequest()) {
            return false;
        }
        UspMsg.Request request = msg.getBody().getRequest();
        switch (request.getReqTypeCase()) {
            case GET_SUPPORTED_PROTOCOL:
                return true;
            case GET:
                return quickPaths(request.getGet().getParamPathsList());
            default:
                return false;
        }
    }

    private boolean quickPaths(List<String> paths) {
        if (paths.isEmpty() || paths.size() > MAX_PATHS) {
            return false;
        }
        for (String path : paths) {
            if (!quickPath(path)) {
                return false;
            }
        }
        return true;
    }

    private boolean quickPath(String path) {
        if (path.endsWith(".")) {
            return boundedObjects.contains(path);
        }
        int lastDot = path.lastIndexOf('.');
        ObjectSchema parent = lastDot < 0 ? null : fixedObjects.get(path.substring(0, lastDot + 1));
        return parent != null && parent.parameter(path.substring(lastDot + 1)).isPresent();
    }
}
