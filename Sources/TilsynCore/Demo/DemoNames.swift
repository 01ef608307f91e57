/// Common Norwegian names (from Statistics Norway's popular-name lists) for synthetic people.
enum DemoNames {
    static let olderWomen = [
        "Anna", "Astrid", "Bjørg", "Ingrid", "Kari", "Liv", "Marit", "Ragnhild", "Solveig", "Randi", "Gerd",
        "Berit", "Inger", "Aud", "Eva", "Turid", "Sigrid", "Elsa", "Karin", "Margit", "Jorunn", "Grete",
        "Else", "Torill", "Reidun", "Synnøve", "Edel", "Ruth", "Oddny", "Signe",
    ]
    static let olderMen = [
        "Ole", "Hans", "Arne", "Knut", "Per", "Jan", "Bjørn", "Svein", "Olav", "Kjell", "Harald", "Odd",
        "Rolf", "Einar", "Arvid", "Leif", "Terje", "Tor", "Gunnar", "Johan", "Nils", "Helge", "Magne",
        "Kåre", "Ivar", "Egil", "Reidar", "Sverre", "Alf", "Asbjørn",
    ]
    static let youngerFirstNames = [
        "Emma", "Nora", "Sara", "Ida", "Ingrid", "Thea", "Maria", "Hanna", "Julie", "Marte", "Silje", "Ingvild",
        "Camilla", "Kristin", "Hilde", "Lene", "Mona", "Stine", "Tonje", "Marius", "Jonas", "Martin",
        "Andreas", "Kristian", "Henrik", "Erik", "Thomas", "Sindre", "Eirik", "Mathias", "Ahmed", "Fatima",
        "Aisha", "Mohammed", "Anna", "Sofie", "Elias", "Jakob", "Ole", "Lars",
    ]
    static let familyNames = [
        "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
        "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
        "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen",
        "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen",
        "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde",
        "Solheim", "Berntsen", "Moe", "Nygård", "Bakke", "Isaksen", "Mikkelsen", "Hætta", "Sara", "Eira",
    ]
    static let relations = ["datter", "sønn", "ektefelle", "nevø", "niese", "barnebarn", "søster", "bror"]
    static let medicalCentres = [
        "Sentrum legesenter", "Tromsdalen legekontor", "Kvaløysletta legesenter", "Hamna legesenter",
        "Storgata legesenter", "Kroken legesenter",
    ]
    static let languages = [
        "norsk", "norsk", "norsk", "norsk", "norsk", "norsk", "norsk", "nordsamisk", "kvensk", "engelsk",
    ]
}
