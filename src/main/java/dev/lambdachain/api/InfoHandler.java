package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.core.ChainSlice;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.HeaderV2;
import dev.lambdachain.core.NetworkRules;
import dev.lambdachain.core.RetargetParams;
import dev.lambdachain.core.Target;
import dev.lambdachain.wire.Json;

/** GET /info: the node at a glance, read from the head item (constant cost in chain length). */
public final class InfoHandler extends NodeHandler {
    static final int MEMPOOL_COUNT_CAP = 100;

    /** A node built elsewhere: the local runner, tests. */
    public InfoHandler(Node node) {
        super(node, Origins.ANY);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        NodeConfig config = node.config();
        RetargetParams retarget = config.chain().retarget();
        // the head block itself is needed only for its target; at a fixed target the head item alone answers
        ChainSlice top = retarget.retargets() ? node.queries().top() : null;
        Head head = top != null ? top.head() : node.queries().head();
        ObjectNode body = Json.object();
        body.put("height", head.height());
        body.put("length", head.height() + 1);
        body.put("head", head.hash().hex());
        body.put("genesis", node.validator().genesisHash().hex());
        body.put("difficulty", config.chain().difficulty());
        body.put("chainwork", head.work().toString());
        body.put("header_version", retarget.retargets() ? HeaderV2.VERSION : 1);
        if (retarget.retargets()) {
            Target target = top.blocks().get(0).powTarget();
            body.put("bits", Target.compactHex(target.toCompact()));
            body.put("target", target.hex());
            body.put("retarget_interval", retarget.interval());
            body.put("target_block_millis", retarget.targetBlockMillis());
            body.put("retarget_clamp", retarget.clampFactor());
        }
        body.put("reward", config.chain().reward().units());
        body.put("max_transactions_per_block", config.chain().maxTransactionsPerBlock());
        long mempool = node.queries().mempoolSize(MEMPOOL_COUNT_CAP);
        body.put("mempool", mempool);
        if (mempool >= MEMPOOL_COUNT_CAP) {
            body.put("mempool_at_least", true); // counted no further: /info stays cheap
        }
        body.putPOJO("peers", node.queries().peers());
        body.put("miner", config.minerAddress());
        body.put("instance", node.instance());
        body.put("signature_mode", config.chain().signatureMode().label());
        NetworkRules rules = config.chain().rules();
        body.put("network", rules.id().hex());
        ObjectNode ruleValues = body.putObject("rules");
        rules.rules().forEach(rule -> {
            if (rule.number()) {
                ruleValues.put(rule.name(), Long.parseLong(rule.value()));
            } else {
                ruleValues.put(rule.name(), rule.value());
            }
        });
        return Http.ok(body);
    }

    /** For Lambda: the process's node, configured from the environment. */
    public InfoHandler() { this(Node.shared()); }
}
