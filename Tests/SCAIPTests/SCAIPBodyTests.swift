import Testing

@testable import SCAIP

@Suite struct SCAIPBodyTests {
    /// As captured from real devices: no declaration, unpadded codes, a leading space in `cid`,
    /// elements in another order, an element the standard does not have.
    let sloppy = """
        <mrq><cid> 4711001</cid><dty>3</dty><ref>A1b2</ref><stc>10</stc>
          <crd>gsm:+4799999999</crd><vendorx>kept</vendorx><lco>2</lco>
          <lge><geo>69.6496,18.9560</geo><tim>2026-11-23T07:31:00Z</tim></lge></mrq>
        """

    @Test func readsWhatRealDevicesSend() throws {
        let request = try SCAIPRequest.parse(Array(sloppy.utf8))
        #expect(request.reference == "A1b2")
        #expect(request.controllerID == "4711001")
        #expect(request.deviceType == 3)
        #expect(request.statusCode == 10)
        #expect(request.messageType == .event)
        #expect(request.locationCode == 2)
        #expect(request.voiceContacts == ["gsm:+4799999999"])
        #expect(request.isVoiceCapable)
        #expect(request.unknownElements == [SCAIPUnknownElement(name: "vendorx", text: "kept")])
        let coordinates = try #require(request.geoLocation?.coordinates)
        #expect(coordinates.latitude == 69.6496 && coordinates.longitude == 18.956)
    }

    @Test func writesStrictlyPaddedInTheStandardsOrder() throws {
        let request = try SCAIPRequest.parse(Array(sloppy.utf8))
        let expected =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><mrq><ref>A1b2</ref><cid>4711001</cid><dty>0003</dty>"
            + "<crd>gsm:+4799999999</crd><stc>0010</stc><lco>002</lco>"
            + "<lge><geo>69.6496,18.9560</geo><tim>2026-11-23T07:31:00Z</tim></lge><vendorx>kept</vendorx></mrq>"
        #expect(String(decoding: request.serialized(), as: UTF8.self) == expected)
        #expect(try SCAIPRequest.parse(request.serialized()) == request)
    }

    @Test func aNamespaceADeclarationAndAHeartbeatWithAStatus() throws {
        let body = """
            <?xml version="1.0"?><!-- test --><s:mrq xmlns:s="urn:scaip"><s:ref>9</s:ref><s:mty>pi</s:mty>
            <s:cid>12</s:cid><s:dty>0002</s:dty><s:stc>0009</s:stc><s:hbo>001</s:hbo></s:mrq>
            """
        let request = try SCAIPRequest.parse(Array(body.utf8))
        #expect(request.messageType == .heartbeat, "mty decides, even when stc says alarm")
        #expect(request.statusCode == 9)
        #expect(request.acceptsHeartbeatInterval)
        #expect(!request.isVoiceCapable)
    }

    @Test func entitiesAndCDATAInText() throws {
        let body =
            "<mrq><ref>R1</ref><cid>1</cid><dty>5</dty><stt>fall &amp; &lt;help&gt; &#xE6;</stt>"
            + "<lte><![CDATA[bad <rom>]]></lte></mrq>"
        let request = try SCAIPRequest.parse(Array(body.utf8))
        #expect(request.statusText == "fall & <help> æ")
        #expect(request.locationText == "bad <rom>")
        #expect(try SCAIPRequest.parse(request.serialized()) == request)
    }

    @Test(
        arguments: [
            ("<mrq><cid>1</cid><dty>3</dty></mrq>", SCAIPResponseCode.referenceMissing, nil),
            ("<mrq><ref>R</ref><dty>3</dty></mrq>", .mandatoryElementMissing, "R"),
            ("<mrq><ref>R</ref><cid>1</cid></mrq>", .mandatoryElementMissing, "R"),
            ("<mrq><ref>R-1</ref><cid>1</cid><dty>3</dty></mrq>", .wrongContent, nil),
            ("<mrq><ref>R</ref><cid>12a</cid><dty>3</dty></mrq>", .wrongContent, "R"),
            ("<mrq><ref>R</ref><cid>1</cid><dty>three</dty></mrq>", .wrongContent, "R"),
            ("<mrq><ref>R</ref><cid>1</cid><dty>3</dty><pri>12</pri></mrq>", .wrongContent, "R"),
            ("<mrq><ref>R</ref><cid>1</cid><dty>3</dty>", .invalidFormat, nil),
            ("<mrq><ref>R</cid></mrq>", .invalidFormat, nil),
            ("not xml", .invalidFormat, nil),
            ("<mrs><ref>R</ref><snu>0</snu></mrs>", .invalidFormat, nil),
            ("<mrq><ref>R</ref><cid>1</cid><dty>3</dty></mrq><mrq/>", .invalidFormat, nil),
        ] as [(String, SCAIPResponseCode, String?)])
    func refusesWithTheCodeTheStandardAsks(body: String, code: SCAIPResponseCode, reference: String?) {
        do {
            _ = try SCAIPRequest.parse(Array(body.utf8))
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.code == code, "\(body): \(error)")
            #expect(error.reference == reference)
        }
    }

    @Test func theCentresResponseByteForByte() throws {
        var response = SCAIPResponse(reference: "A1b2", code: .handled, voice: .duplex, callback: 5)
        response.heartbeatMinutes = 60
        let text = String(decoding: response.serialized(), as: UTF8.self)
        #expect(
            text
                == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><mrs><ref>A1b2</ref><snu>0</snu><mre>1</mre>"
                + "<cre>05</cre><hbi>60</hbi></mrs>")
        #expect(try SCAIPResponse.parse(response.serialized()) == response)
        let hold = SCAIPResponse(reference: "A1b2", code: .hold, statusText: "I kø")
        #expect(try SCAIPResponse.parse(hold.serialized()) == hold)
    }

    @Test func deeplyNestedInputIsRefusedNotFollowed() {
        let body = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        #expect(throws: SCAIPBodyError.self) { try SCAIPRequest.parse(Array(body.utf8)) }
    }
}
