package org.cpebridge.usp.agent.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.privacy.policy.Rights;
import org.cpebridge.privacy.policy.TargetKind;

/**
 * A Controller's roles made ready for the question asked on every item of every answer: what rights do they give
 * on this path. The plain targets of all enabled permissions are put in one tree of tokens, so a path is walked once
 * instead of once per permission and target (ISP-Operations has five permissions, and checking each against each
 * item was most of what the roles cost a Get of 200 devices; issue 17, docs/privacy-policy.md "Measured").
 *
 * <p>The answer is the one {@link Role#rights(TargetKind, String, TargetExpander)} gives, role by role, unioned: per
 * role the covering enabled permission with the highest Order decides (of equal Orders the later one), then search
 * targets are evaluated as there, only when they would outrank that. Immutable and thread-safe; made again whenever
 * the roles change ({@code ControllerRoles} keys it on the role tables).
 */
public final class CompiledRoles {
    /** A permission whose target ends at a node: its role, its place in the role's list. */
    private record End(int role, int index) { }

    /** A node of the token tree: what the next token may be, and the targets that end here. */
    private static final class Node {
        final Map<String, Node> literal = new LinkedHashMap<>();
        Node wildcard;
        final List<End> partial = new ArrayList<>();
        final List<End> exact = new ArrayList<>();
        // Frozen copies for the walk.
        String[] literalTokens;
        Node[] literalNodes;
        End[] partialEnds;
        End[] exactEnds;

        Node child(String token) {
            if (token.equals("*") || token.equals("{i}")) {
                if (wildcard == null) {
                    wildcard = new Node();
                }
                return wildcard;
            }
            return literal.computeIfAbsent(token, t -> new Node());
        }

        void freeze() {
            literalTokens = literal.keySet().toArray(new String[0]);
            literalNodes = literal.values().toArray(new Node[0]);
            partialEnds = partial.toArray(new End[0]);
            exactEnds = exact.toArray(new End[0]);
            for (Node n : literalNodes) {
                n.freeze();
            }
            if (wildcard != null) {
                wildcard.freeze();
            }
        }
    }

    private final List<Role> roles;
    private final Node root = new Node();
    // Per role, its enabled permissions that have a search target, in list order.
    private final List<List<Permission>> searching = new ArrayList<>();

    private CompiledRoles(List<Role> roles) {
        this.roles = List.copyOf(roles);
        for (int r = 0; r < this.roles.size(); r++) {
            Role role = this.roles.get(r);
            List<Permission> withSearch = new ArrayList<>();
            List<Permission> permissions = role.permissions();
            for (int i = 0; i < permissions.size(); i++) {
                Permission p = permissions.get(i);
                if (!p.enable()) {
                    continue;
                }
                if (p.hasSearchTarget()) {
                    withSearch.add(p);
                }
                for (String target : p.targets()) {
                    if (target.indexOf('[') >= 0) {
                        continue; // a search target covers only what its expansion names: see rights()
                    }
                    Node node = root;
                    for (String token : Permission.tokens(target)) {
                        node = node.child(token);
                    }
                    (target.endsWith(".") ? node.partial : node.exact).add(new End(r, i));
                }
            }
            searching.add(List.copyOf(withSearch));
        }
        root.freeze();
    }

    public static CompiledRoles of(List<Role> roles) {
        return new CompiledRoles(roles);
    }

    public List<Role> roles() {
        return roles;
    }

    /** The union over the roles of what each gives on {@code path}, search targets resolved by {@code expander}. */
    public Rights rights(TargetKind kind, String path, TargetExpander expander) {
        int count = roles.size();
        if (count == 0) {
            return Rights.NONE;
        }
        int[] best = new int[count];
        java.util.Arrays.fill(best, -1);
        walk(root, path, 0, best);
        Rights result = Rights.NONE;
        for (int r = 0; r < count; r++) {
            Role role = roles.get(r);
            if (!role.enable()) {
                continue;
            }
            Permission chosen = best[r] < 0 ? null : role.permissions().get(best[r]);
            for (Permission p : searching.get(r)) {
                if ((chosen == null || p.order() > chosen.order()) && p.covers(path, expander)) {
                    chosen = p;
                }
            }
            if (chosen != null) {
                result = result.or(chosen.rights(kind));
            }
        }
        return result;
    }

    /**
     * Whether these roles let the Controller read {@code objectPath} (an object path with instance numbers, ending in
     * '.'), every object and every parameter below it: true when one enabled role's answer for every such path grants
     * read in both the Param and the Obj column. For a role that is so when the permission {@code B} that wins on
     * {@code objectPath} among the plain targets ending in '.' (such a target covers the whole subtree, so every path
     * below it is decided by {@code B} or by a permission that outranks it) grants both reads, and every other enabled
     * permission that may cover a path at or below {@code objectPath} and could outrank {@code B} grants both reads
     * too. A search target is taken to cover anything, and to outrank {@code B} unless its Order is lower or equal
     * ({@link #rights} asks search targets only when they would outrank by Order). False when unsure, so a caller that
     * asks per path gets what {@link #rights} gives. Allocates only the object path's tokens.
     */
    public boolean readsEverythingBelow(String objectPath) {
        List<String> pathTokens = null;
        for (Role role : roles) {
            if (!role.enable()) {
                continue;
            }
            List<Permission> permissions = role.permissions();
            int best = -1;
            for (int i = 0; i < permissions.size(); i++) {
                Permission p = permissions.get(i);
                if (p.enable() && coversAsSubtree(p, objectPath)
                        && (best < 0 || p.order() >= permissions.get(best).order())) {
                    best = i; // of equal Orders the later one, as choose() does
                }
            }
            if (best < 0 || !readsBoth(permissions.get(best))) {
                continue;
            }
            if (pathTokens == null) {
                pathTokens = Permission.tokens(objectPath);
            }
            long bestOrder = permissions.get(best).order();
            boolean decided = true;
            for (int i = 0; i < permissions.size() && decided; i++) {
                Permission p = permissions.get(i);
                if (i == best || !p.enable() || readsBoth(p)) {
                    continue;
                }
                boolean plainCanOutrank = p.order() > bestOrder || (p.order() == bestOrder && i > best);
                for (String target : p.targets()) {
                    boolean search = target.indexOf('[') >= 0;
                    if (search ? p.order() > bestOrder : plainCanOutrank && mayCoverAtOrBelow(target, pathTokens)) {
                        decided = false;
                        break;
                    }
                }
            }
            if (decided) {
                return true;
            }
        }
        return false;
    }

    private static boolean readsBoth(Permission p) {
        return p.param().read() && p.obj().read();
    }

    /** Whether a plain target of {@code p} ending in '.' covers {@code objectPath}, hence everything below it. */
    private static boolean coversAsSubtree(Permission p, String objectPath) {
        for (String target : p.targets()) {
            if (target.endsWith(".") && target.indexOf('[') < 0 && Permission.covers(target, objectPath)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a plain target may cover {@code objectPath} or a path below it: its tokens agree with the path's as far
     * as both go, and it is not an exact target shorter than the path (which covers only a path of its own length).
     */
    private static boolean mayCoverAtOrBelow(String target, List<String> pathTokens) {
        List<String> targetTokens = Permission.tokens(target);
        int common = Math.min(targetTokens.size(), pathTokens.size());
        for (int k = 0; k < common; k++) {
            String t = targetTokens.get(k);
            String q = pathTokens.get(k);
            boolean wildcard = t.equals("*") || t.equals("{i}");
            boolean instanceLike = q.equals("{i}") || (!q.isEmpty() && Character.isDigit(q.charAt(0)));
            if (!t.equals(q) && !(wildcard && instanceLike)) {
                return false;
            }
        }
        return target.endsWith(".") || targetTokens.size() >= pathTokens.size();
    }

    /** Collects the plain targets covering the path from position {@code p} on, below {@code node}. */
    private void walk(Node node, String path, int p, int[] best) {
        for (End end : node.partialEnds) {
            choose(end, best);
        }
        int length = path.length();
        if (p >= length) {
            for (End end : node.exactEnds) {
                choose(end, best);
            }
            return;
        }
        int tokenEnd = -1;
        String[] tokens = node.literalTokens;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            int n = token.length();
            // A literal token holds no search expression, so a path token equal to it ends right after it. The end
            // is checked first: it turns most tokens of a node down without comparing them (ISP-Operations' tree
            // has four literals below Device., each asked about on every item of a Get).
            int after = p + n;
            if ((after == length || after < length && path.charAt(after) == '.')
                    && path.regionMatches(p, token, 0, n)) {
                walk(node.literalNodes[i], path, p + n + 1, best);
                break; // the tokens of one node differ: no other literal can match
            }
        }
        if (node.wildcard != null) {
            tokenEnd = tokenEnd(path, p);
            boolean instanceLike = (tokenEnd - p == 3 && path.startsWith("{i}", p))
                    || (tokenEnd > p && Character.isDigit(path.charAt(p)));
            if (instanceLike) {
                walk(node.wildcard, path, tokenEnd + 1, best);
            }
        }
    }

    private void choose(End end, int[] best) {
        int kept = best[end.role()];
        if (kept < 0) {
            best[end.role()] = end.index();
            return;
        }
        List<Permission> permissions = roles.get(end.role()).permissions();
        long keptOrder = permissions.get(kept).order();
        long order = permissions.get(end.index()).order();
        if (order > keptOrder || (order == keptOrder && end.index() > kept)) {
            best[end.role()] = end.index();
        }
    }

    private static int tokenEnd(String path, int start) {
        int depth = 0;
        for (int i = start; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == '.' && depth == 0) {
                return i;
            }
        }
        return path.length();
    }
}
