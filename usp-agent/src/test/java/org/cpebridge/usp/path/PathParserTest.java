package org.cpebridge.usp.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.path.Segment.Condition;
import org.cpebridge.usp.path.Segment.InstanceNumber;
import org.cpebridge.usp.path.Segment.Name;
import org.cpebridge.usp.path.Segment.Operator;
import org.cpebridge.usp.path.Segment.ReferenceFollow;
import org.cpebridge.usp.path.Segment.Search;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Path examples from TR-369 (BroadbandForum/usp v1.4.1) specification/architecture/index.md, "Path Names". */
class PathParserTest {
    private final PathParser parser = PathParser.standard();

    private UspPath parse(String text) throws PathException {
        UspPath path = parser.parse(text);
        assertEquals(text, path.toString(), "canonical form re-parses to the same text");
        return path;
    }

    @Test
    void parameterPath() throws Exception {
        UspPath path = parse("Device.DeviceInfo.SoftwareVersion");
        assertEquals(UspPath.Kind.PARAMETER, path.kind());
        assertEquals(List.of(new Name("Device"), new Name("DeviceInfo"), new Name("SoftwareVersion")),
                path.segments());
        assertFalse(path.isSearch());
    }

    @Test
    void objectAndInstancePaths() throws Exception {
        assertEquals(UspPath.Kind.OBJECT, parse("Device.DeviceInfo.").kind());
        UspPath instance = parse("Device.LocalAgent.Controller.12.MTP.3.");
        assertEquals(new InstanceNumber(12), instance.segments().get(3));
        assertEquals(new InstanceNumber(3), instance.segments().get(5));
        assertEquals(UspPath.Kind.OBJECT, instance.kind());
    }

    @Test
    void wildcard() throws Exception {
        UspPath path = parse("Device.IP.Interface.*.Type");
        assertEquals(new Segment.Wildcard(), path.segments().get(3));
        assertTrue(path.isSearch());
    }

    @Test
    void uniqueKeyAndSearchExample() throws Exception {
        // "Device.IP.Interface.[Name=="eth0"].IPv4Address.[Status=="Enabled"].IPAddress" (Path Names section)
        UspPath path = parse("Device.IP.Interface.[Name==\"eth0\"].IPv4Address.[Status==\"Enabled\"].IPAddress");
        assertEquals(new Search(List.of(new Condition(List.of(new Name("Name")), Operator.EQUAL, "eth0", true))),
                path.segments().get(3));
        assertTrue(path.isSearch());
    }

    @Test
    void multiKeyExpressionWithNumbersAndRelativePath() throws Exception {
        UspPath path = parse("Device.NAT.PortMapping.[RemoteHost==\"\"&&ExternalPort==0&&Protocol==\"TCP\"].");
        Search search = (Search) path.segments().get(3);
        assertEquals(3, search.conditions().size());
        assertEquals(new Condition(List.of(new Name("ExternalPort")), Operator.EQUAL, "0", false),
                search.conditions().get(1));
        UspPath stats = parse("Device.IP.Interface.[Type==\"Normal\"&&Stats.ErrorsSent>0].Status");
        assertEquals(List.of(new Name("Stats"), new Name("ErrorsSent")),
                ((Search) stats.segments().get(3)).conditions().get(1).parameter());
    }

    @Test
    void everyOperator() throws Exception {
        String[] symbols = {"==", "!=", "~=", "<", ">", "<=", ">="};
        Operator[] operators = {Operator.EQUAL, Operator.NOT_EQUAL, Operator.CONTAINS, Operator.LESS,
            Operator.GREATER, Operator.LESS_OR_EQUAL, Operator.GREATER_OR_EQUAL};
        for (int i = 0; i < symbols.length; i++) {
            UspPath path = parse("Device.A.[B" + symbols[i] + "5].");
            assertEquals(operators[i], ((Search) path.segments().get(2)).conditions().get(0).operator());
        }
    }

    @Test
    void specUnquotedConstants() throws Exception {
        parse("Device.IP.Interface.*.IPv6Address.[ValidLifetime<2021-06-06T08:00:00Z].IPAddress");
        parse("Device.USB.USBHosts.Host.*.Device.[DeviceClass==08].");
        parse("Device.DSL.Line.[Enable==true].CurrentProfile");
        parse("Device.PCP.Client.*.Server.[Capabilities~=\"IPv6Firewall\"].");
        parse("Device.A.[B==-5].");
    }

    @Test
    void whitespaceAroundOperatorIsTolerated() throws Exception {
        UspPath path = parser.parse("Device.IP.Interface.[Type == \"Normal\"].Status");
        assertEquals(new Condition(List.of(new Name("Type")), Operator.EQUAL, "Normal", true),
                ((Search) path.segments().get(3)).conditions().get(0));
    }

    @Test
    void percentEscapesInStringConstants() throws Exception {
        UspPath path = parse("Device.A.[Alias==\"say %22hi%22 100%25\"].");
        assertEquals("say \"hi\" 100%", ((Search) path.segments().get(2)).conditions().get(0).constant());
    }

    @Test
    void commandAndEventPaths() throws Exception {
        UspPath command = parse("Device.IP.Interface.[Name==\"eth0\"].Reset()");
        assertEquals(UspPath.Kind.COMMAND, command.kind());
        assertEquals(new Segment.Command("Reset"), command.last());
        UspPath event = parse("Device.Boot!");
        assertEquals(UspPath.Kind.EVENT, event.kind());
        assertEquals(new Segment.Event("Boot"), event.last());
    }

    @Test
    void referenceFollowing() throws Exception {
        UspPath path = parse("Device.NAT.PortMapping.1.Interface+.Name");
        assertEquals(List.of(new Name("Device"), new Name("NAT"), new Name("PortMapping"), new InstanceNumber(1),
                new Name("Interface"), new ReferenceFollow(1), new Name("Name")), path.segments());
        assertTrue(path.followsReferences());
        assertEquals(new ReferenceFollow(2), parse("Device.WiFi.SSID.1.LowerLayers#2+.Name").segments().get(5));
        UspPath all = parse("Device.WiFi.SSID.1.LowerLayers#*+.Name");
        assertEquals(new ReferenceFollow(ReferenceFollow.ALL_ITEMS), all.segments().get(5));
        assertTrue(all.isSearch());
        assertEquals(UspPath.Kind.OBJECT, parse("Device.NAT.PortMapping.1.Interface+.").kind());
        // "Search Expressions and Reference Following" example
        parse("Device.WiFi.AccessPoint.[SSIDReference+.SSID==\"MyHome\"].AssociatedDevice."
                + "[OperatingStandard==\"ac\"].SignalStrength");
    }

    @Test
    void supportedDataModelPaths() throws Exception {
        UspPath path = parser.parseSupported("Device.LocalAgent.Controller.{i}.MTP.{i}.");
        assertEquals(new Segment.Placeholder(), path.segments().get(3));
        assertEquals("Device.LocalAgent.Controller.{i}.MTP.{i}.", path.toString());
        assertEquals(UspPath.Kind.COMMAND, parser.parseSupported("Device.Reboot()").kind());
        assertThrows(PathException.class, () -> parser.parseSupported("Device.A.*."));
        assertThrows(PathException.class, () -> parser.parse("Device.A.{i}."));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ".", "Device", "Device..", "Device.IP.Interface.[].", // empty expression (spec "NOT VALID" example)
        "Device.IP.Interface.[Type==\"Normal\"&&IPv4Address.*.AddressingType==\"Static\"].Status", // child table
        "Device.IP.Interface.{Type==\"Normal\"}.Status", // curly brackets (spec example)
        "Device.A.0.", "Device.A.01.", "Device.A.1", "Device.A.1.B.2", "Device.1.", "1Device.", "Device.A-B.",
        "Device.A.[B==\"x\"", "Device.A.[B=\"x\"].", "Device.A.[B==].", "Device.A.[B==\"x].",
        "Device.A.[B==\"%2\"].", "Device.A.[B==\"%zz\"].", "Device.Reboot()x", "Device.Reboot(", "Device.Boot!.",
        "Device.A.B#+.C", "Device.A.B+", "Device.A.B#0+.C", "Device.A.99999999999999999999.", "Device.A.[B==1||C==2].",
        "Device.A.[B==1&&].", "Device.A. B", "Device.A.é"
    })
    void badSyntaxIs7008(String text) {
        PathException e = assertThrows(PathException.class, () -> parser.parse(text));
        assertEquals(UspErrors.INVALID_PATH_SYNTAX, e.errorCode(), e.getMessage());
    }

    @Test
    void nullIs7008() {
        assertEquals(UspErrors.INVALID_PATH_SYNTAX,
                assertThrows(PathException.class, () -> parser.parse(null)).errorCode());
    }

    @Test
    void limitsGive7026() {
        PathParser small = new PathParser(40, 4);
        assertEquals(UspErrors.INVALID_PATH,
                assertThrows(PathException.class, () -> small.parse("Device.A.B.C.D.")).errorCode());
        assertEquals(UspErrors.INVALID_PATH,
                assertThrows(PathException.class, () -> small.parse("Device." + "A".repeat(40))).errorCode());
        String deep = "Device." + "A.".repeat(100);
        assertEquals(UspErrors.INVALID_PATH,
                assertThrows(PathException.class, () -> parser.parse(deep)).errorCode());
        String many = "Device.A.[" + "B==1&&".repeat(20) + "B==1].";
        assertThrows(PathException.class, () -> parser.parse(many));
    }
}
