package org.cpebridge.usp.agent;

import java.util.Objects;
import java.util.concurrent.Executor;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.usp.agent.access.RoleBasedAccessPolicy;
import org.cpebridge.usp.agent.model.DeviceInfoProvider;
import org.cpebridge.usp.agent.model.InstanceNumbers;
import org.cpebridge.usp.agent.model.LocalAgentProvider;
import org.cpebridge.usp.agent.model.ProxiedDeviceProvider;
import org.cpebridge.usp.agent.model.RootProvider;
import org.cpebridge.usp.agent.model.Tr181Schema;
import org.cpebridge.usp.datamodel.DataModel;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.message.AsyncRequests;
import org.cpebridge.usp.message.MessageDispatcher;
import org.cpebridge.usp.message.OperationCompleteListener;

/**
 * The agent's data model and message handlers wired over a face context, without any MTP: what {@link UspFace}
 * serves, and what the model tests drive directly.
 */
public final class AgentModel {
    private final DataModel model;
    private final LocalAgentProvider localAgent;
    private final InstanceNumbers numbers;
    private final MessageDispatcher dispatcher;

    private AgentModel(DataModel model, LocalAgentProvider localAgent, InstanceNumbers numbers,
            MessageDispatcher dispatcher) {
        this.model = model;
        this.localAgent = localAgent;
        this.numbers = numbers;
        this.dispatcher = dispatcher;
    }

    /**
     * Builds the model; devices already in the registry get instance numbers now, in registry order.
     *
     * @param agentExecutor where device answers are handed back (the agent's serial executor)
     */
    public static AgentModel build(FaceContext context, String endpointId, String agentTopic,
            Executor agentExecutor) {
        Objects.requireNonNull(agentExecutor, "agentExecutor");
        Config config = context.config();
        ServiceControl.BridgeInfo info = context.serviceControl().bridgeInfo();
        ObjectSchema schema = Tr181Schema.build();
        InstanceNumbers numbers = new InstanceNumbers(context.store());
        LocalAgentProvider localAgent = new LocalAgentProvider(schema, context.store(), endpointId,
                info.softwareVersion(), agentTopic, config.get(UspSettings.CONTROLLER_ENDPOINT_ID),
                config.get(UspSettings.CONTROLLER_TOPIC));
        ProxiedDeviceProvider proxied = new ProxiedDeviceProvider(context.registry(), context.commands(), numbers,
                agentExecutor);
        for (Device device : context.registry().devices()) {
            numbers.numberOf(device.id());
        }
        DataModel model = DataModel.builder(schema, new RootProvider(context.serviceControl(), proxied::count))
                .mount(Tr181Schema.DEVICE_INFO, new DeviceInfoProvider(info, config.get(UspSettings.OUI_KEY),
                        context.clock()))
                .mount(Tr181Schema.LOCAL_AGENT, localAgent)
                .mount(Tr181Schema.PROXIED_DEVICE, proxied)
                .build();
        MessageDispatcher dispatcher = new MessageDispatcher(model, new RoleBasedAccessPolicy(localAgent::rolesOf),
                new AsyncRequests("Device.LocalAgent.Request."), OperationCompleteListener.NONE);
        return new AgentModel(model, localAgent, numbers, dispatcher);
    }

    public DataModel model() {
        return model;
    }

    public LocalAgentProvider localAgent() {
        return localAgent;
    }

    public InstanceNumbers numbers() {
        return numbers;
    }

    public MessageDispatcher dispatcher() {
        return dispatcher;
    }
}
