/// The parts of Tromsø the demo's six zones cover: on the island (Tromsøya), the mainland and Kvaløya.
struct DemoArea {
    var zoneName: String
    var centre: Coordinate
    /// Half-height and half-width of the area in degrees.
    var latitudeSpread: Double
    var longitudeSpread: Double
    var streets: [String]
    var postalCode: String
    var city: String

    static let all: [DemoArea] = [
        DemoArea(
            zoneName: "Sentrum", centre: Coordinate(latitude: 69.6489, longitude: 18.9551),
            latitudeSpread: 0.006, longitudeSpread: 0.015,
            streets: ["Storgata", "Grønnegata", "Skippergata", "Sjøgata", "Parkgata", "Vestregata", "Kirkegata"],
            postalCode: "9008", city: "Tromsø"),
        DemoArea(
            zoneName: "Tromsøya sør", centre: Coordinate(latitude: 69.6345, longitude: 18.9280),
            latitudeSpread: 0.008, longitudeSpread: 0.02,
            streets: ["Dramsvegen", "Mellomvegen", "Sommerlystvegen", "Kvamsvegen", "Sørslettvegen"],
            postalCode: "9010", city: "Tromsø"),
        DemoArea(
            zoneName: "Tromsøya nord", centre: Coordinate(latitude: 69.6760, longitude: 18.9300),
            latitudeSpread: 0.012, longitudeSpread: 0.025,
            streets: ["Stakkevollvegen", "Hansine Hansens veg", "Gimlevegen", "Breivikvegen", "Lars Eriksens veg"],
            postalCode: "9019", city: "Tromsø"),
        DemoArea(
            zoneName: "Tromsdalen", centre: Coordinate(latitude: 69.6440, longitude: 19.0100),
            latitudeSpread: 0.008, longitudeSpread: 0.02,
            streets: ["Tromsdalsvegen", "Skjelnanvegen", "Solligården", "Bjerkakervegen", "Gamle Kirkegårdsveg"],
            postalCode: "9020", city: "Tromsdalen"),
        DemoArea(
            zoneName: "Kroken og Tomasjord", centre: Coordinate(latitude: 69.6750, longitude: 19.0600),
            latitudeSpread: 0.012, longitudeSpread: 0.04,
            streets: ["Krokenvegen", "Tomasjordvegen", "Heiavegen", "Sørstraumvegen", "Lyngsalpvegen"],
            postalCode: "9024", city: "Tomasjord"),
        DemoArea(
            zoneName: "Kvaløya", centre: Coordinate(latitude: 69.6900, longitude: 18.8300),
            latitudeSpread: 0.025, longitudeSpread: 0.08,
            streets: ["Kvaløyvegen", "Eidkjosvegen", "Snarbyvegen", "Ersfjordvegen", "Kaldfjordvegen"],
            postalCode: "9100", city: "Kvaløysletta"),
    ]
}
