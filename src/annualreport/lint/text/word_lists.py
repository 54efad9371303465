"""The word lists of the claim detector, as data.

``annualreport.lint.text.words.Words`` compiles these lists once; a project changes them
under ``lint:`` in ``annualreport.yaml`` (see the docstring of ``annualreport.lint.text`` for
the keys). Each list is a tuple of *entries*. An entry is either

* a plain phrase, matched as whole words and without regard to case: ``"improved"``,
  ``"fit for purpose"``. A space also matches a hyphen (``"well attended"`` finds
  "well-attended"); a ``*`` at the end of a word matches any ending (``"deteriorat*"``); a
  ``#`` stands for a number in digits or words (``"Level #"``); or
* a regular expression after ``re:`` (Python syntax, matched without regard to case; use
  ``(?-i:...)`` for a part that must keep its case). In a regular expression ``<num>`` stands
  for a number in digits or words and ``<months>`` for a month's name.

What each list does:

``judgement_words``
    words and phrases that judge quality, change, effectiveness or impact ("improved",
    "strong", "fewer", "meeting the standards expected"). One of them, outside a plan, makes a
    sentence a claim.
``not_judgement``
    phrases in which a judgement word judges nothing: names and fixed terms ("best
    interests", "significant harm", "improvement plan", "as well as", "high risk").
``plan_words``
    words that make their whole clause a plan, an intention, a duty or a possibility rather
    than a statement about the world ("will", "should", "plans to", "next year").
``purpose_words``
    words that make the rest of their clause a purpose or a condition ("in order to", "so
    that", "if", "whether", "with a view to").
``infinitive_verbs``
    verbs that, after "to", make a purpose ("to improve", "to ensure"); and, at the start of a
    sentence, an instruction ("Increase public awareness ...").
``asserting_verbs``
    verbs before such a "to" that keep it a statement ("continued to", "was found to be").
``thanks_words`` / ``procedure_words``
    phrases that make a sentence thanks, or the procedure of a meeting, and so not a claim.
``not_figures``
    numbers that are not figures: dates, years, times, ages, timescales, section and
    paragraph numbers, the names of things ("Level 3", "Child 1", "COVID-19"), phone numbers.
``abbreviations``
    words after which a full stop does not end a sentence (written without the stop).
"""

from __future__ import annotations

#: a number in words, for ``#`` and ``<num>`` (digits are added by the compiler)
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
#: scales after a number: "£1.2m", "3 million", "two thousand"
MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
#: fractions in words, as the denominator: "a third", "three quarters", "half"
FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
    "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
    "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
#: change as a multiple: "doubled" is the ratio 2
MULTIPLES = {"doubled": 2, "tripled": 3, "trebled": 3, "quadrupled": 4, "halved": 0.5}

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

DEFAULTS: dict[str, tuple[str, ...]] = {
    "judgement_words": (
        # change, as a statement (the base forms "improve", "increase" are plans or purposes)
        "improved", "improves", "increased", "increases", "reduced", "reduces", "decreased",
        "decreases", "declined", "declines", "fell", "fallen", "dropped", "rose", "risen", "rises",
        "grew", "grown", "worsened", "deteriorated", "deterioration", "strengthened",
        "weakened", "eased", "climbed", "peaked", "soared", "plummeted", "surged", "narrowed",
        "widened", "lowered", "progressed", "increasingly", "upward", "downward",
        "record high", "record low", "record number",
        "improvement in", "improvements in", "improvement to", "improvements to",
        "improvement of", "improvement across",
        r"re:\b(?:an?|some|further|significant|marked|clear|real|considerable|notable|sustained|steady|good|great|demonstrable|measurable|little|no|continued|continuing|positive|noticeable|dramatic|substantial|modest|slight|small|big|large|sharp|steep|overall)\s+improvements?\b",
        r"re:\b(?:an?|the|this|that|these|significant|marked|sharp|steep|slight|small|large|big|notable|considerable|steady|modest|substantial|dramatic|further|overall|continued|year[- ]on[- ]year|annual)\s+(?:[\w.%]+\s+)?(?:increase|decrease|rise|fall|drop|reduction|decline|growth|deterioration|dip|spike|surge|upturn|downturn|uplift)s?\b(?!\s+(?:plan|target|programme|strategy)s?\b)",
        r"re:\b(?:increase|decrease|rise|fall|drop|reduction|decline|growth|dip|spike|surge|upturn|downturn)s?\s+(?:in|of)\b",
        r"re:\b(?:is|are|was|were|been|be|remains?|remained|steadily|continues|continued|now|still|already|slowly|gradually|rapidly|consistently)\s+(?:\w+ly\s+)?(?:improving|increasing|reducing|decreasing|rising|falling|growing|declining|worsening|deteriorating|strengthening|dropping)\b",
        r"re:\b(?:improving|increasing|reducing|decreasing|rising|falling|growing|declining|worsening|deteriorating)\s+(?:numbers?|trends?|picture|demand|rates?|levels?|concerns?|proportions?|use|confidence|attendance|engagement|pressures?|needs?|complexity|caseloads?|waiting)\b",
        r"re:\b(?:continue|continues|continued|continuing|has\s+continued|have\s+continued|began|begun|started|starting|beginning)\s+to\s+(?:improve|increase|rise|fall|decline|reduce|decrease|grow|strengthen|deteriorate|worsen|drop|vary)\b",
        # comparison
        "better", "worse", "fewer", "more", "less", "higher", "lower", "greater", "quicker",
        "faster", "slower", "stronger", "weaker", "sooner", "clearer", "safer", "easier",
        "larger", "smaller", "bigger", "best", "worst", "highest", "lowest", "strongest",
        "weakest", "most", "least", "fewest", "greatest", "quickest", "majority", "minority",
        "mostly",
        # quality and effectiveness
        "good", "poor", "poorly", "excellent", "outstanding", "inadequate", "adequate",
        "adequately", "requires improvement", "require improvement", "required improvement",
        "requiring improvement", "strong", "robust", "effective", "effectively", "ineffective",
        "efficient", "efficiently", "inefficient", "significant", "significantly", "positive",
        "positively", "negative", "negatively", "successful", "successfully", "unsuccessful",
        "success", "weak", "weakness", "weaknesses", "strength", "strengths", "impressive",
        "exemplary", "commendable", "encouraging", "disappointing", "disappointingly",
        "concerning", "worrying", "pleasing", "promising", "sufficient", "insufficient",
        "sufficiently", "enough", "consistent", "consistently", "inconsistent",
        "inconsistently", "variable", "variation in", "variability", "stable", "stabilised",
        "stabilized", "steady", "steadily", "static", "unchanged", "plateau*", "fluctuat*",
        "timely", "untimely", "on time", "late", "delays", "delayed", "promptly", "quickly",
        "swiftly", "on track", "off track", "behind schedule", "ahead of schedule",
        "within timescale", "within timescales", "out of timescale", "fit for purpose",
        "value for money", "lack of", "lacked", "lacks", "lacking", "gap in", "gaps in",
        "failed", "failing", "fails", "failure", "failures", "criticised", "criticized",
        "praised", "commended", "achieved", "gains", "gained", "benefited", "benefitted",
        "useful", "helpful", "valuable", "valued", "high", "low", "real gains", "huge",
        "enormous", "unprecedented", "substantial", "substantially", "considerable",
        "considerably", "dramatic", "dramatically", "sharply", "markedly", "remarkable",
        "exceptional", "predominant", "predominantly", "matured", "productive", "unproductive",
        "optimal", "suboptimal", "sub-optimal", "not always", "inadequately", "broadened",
        r"re:\b(?:main|principal|primary|leading|biggest|largest|commonest)\s+(?:reason|cause|source|factor|concern|theme|issue|driver)s?\s+(?:for|of|was|were|is|are)\b",
        r"re:\b(?:so|very|relatively|extremely|particularly|increasingly)\s+(?:small|large|low|high|few|many|good|poor|busy|limited|slow|quick|active|engaged|involved|visible|committed|strong|effective|positive|successful)\b",
        r"re:\bmarked\s+(?:[\w-]+\s+)?(?:improvements?|increases?|inequalit\w*|differences?|rises?|falls?|reductions?|variations?|changes?|declines?)\b",
        r"re:\btoo\s+(?:slow|slowly|long|low|high|few|many|small|little|late|often|early|much|large|great|variable)\b",
        r"re:\b(?<!\bas\s)well(?!\s+as\b)",
        r"re:\b(?:made|making|makes|shown|showing|shows|showed|demonstrated)\s+(?:\w+\s+)?progress\b",
        r"re:\b(?:good|positive|significant|some|little|limited|no|steady|slow|excellent|real|considerable|strong|insufficient|sustained|clear|mixed|encouraging|better|less|more)\s+progress\b",
        r"re:\blittle\s+or\s+no\b",
        r"re:\blimited\s+(?:evidence|progress|impact|engagement|attendance|improvement|assurance|understanding|capacity|use|take-?up|uptake|involvement|participation|success|effect|change|data)\b",
        r"re:\b(?:made|make|makes|making|had|has|have|having)\s+(?:(?:a|an|no|little|some|real|significant|positive|negative|clear|big|great|demonstrable|measurable|lasting|tangible|considerable|marked|major|genuine|huge|much|adverse|detrimental|beneficial|direct|noticeable|discernible)\s+)+(?:difference|impact|effect)\b",
        r"re:\b(?:met|meets|meeting|missed|misses|exceeded|exceeds|exceeding|achieved|reached|beat|beating|short\s+of|above|below|under|within|outside|behind|ahead\s+of)\s+(?:(?:the|its|our|their|this|a|all|every|each|national|local|expected|agreed|statutory)\s+)*(?:\w+\s+)?(?:targets?|standards?|benchmarks?|expectations?|timescales?|averages?|deadlines?)\b",
        r"re:\bin\s+line\s+with\s+(?:the\s+)?(?:national|england|english|regional|london|statistical|similar|comparator|comparable|targets?|expected|last\s+year|the\s+previous\s+year)\b",
        "compared favourably", "compares favourably", "compared well", "compares well",
        "compared poorly", "compares poorly", "comparable with", "comparable to",
        "similar to last year", "similar to the previous year", "right direction",
        "wrong direction", "right decision", "right decisions",
        r"re:\b(?:is|are|was|were|been|now|fully|firmly|becoming|become|became|has|have|had)\s+(?:now\s+|fully\s+|firmly\s+|successfully\s+|well\s+)?embedded\b",
        r"re:\b(?:is|are|was|were|been|fully|not|non-?)\s*compliant\b",
        r"re:\b(?:is|are|was|were|remains?|remained)\s+sound\b",
        r"re:\b(?:rated|rate|rates|rating\s+of|rag[- ]rated|rag\s+status\s+(?:of|is|was))\s+(?:[\w'’-]+\s+){0,5}?(?:as\s+)?(?:red|amber|green)\b",
        r"re:\b(?:there\s+(?:were|have\s+been)\s+no)\b(?!\s+(?:other\s+|urgent\s+|further\s+)?(?:business|declarations?|public|questions|apologies|matters|interests?|petitions|deputations|(?:[\w-]+\s+){0,3}implications|items?|comments|objections|changes\s+to\s+the\s+minutes)\b)",
    ),
    "not_judgement": (
        "as well as", "as well", "well being", "wellbeing", "may well", "might well",
        "could well", "well known", "well before", "well after", "best interest*",
        "best practice", "best start", "best possible", "best placed", "best use", "better start",
        "higher education", "further and higher", "high school*", "high court", "high street",
        "high sheriff", "high risk", "higher risk", "highest risk", "greater risk", "lower risk",
        "low risk", "increased risk", "heightened risk", "high level", "higher level",
        "low level", "lower level", "high needs", "high need", "highest need", "greatest need",
        "high priority", "high profile", "low income", "lower super output", "lower layer",
        "greater manchester", "greater london", "most vulnerable", "more vulnerable",
        "most at risk", "more at risk", "most in need", "more information", "more details",
        "more detail", "find out more", "learn more", "read more", "more about",
        "more recently", "more recent", "once more", "more or less", "more to do",
        "more work to do", "what is more", "more broadly", "more generally", "more specifically",
        "no more", "any more", "more importantly", "at least", "at most", "most recent",
        "most recently", "most importantly", "most likely", "improvement plan*",
        "improvement board*", "improvement programme*", "improvement partner*",
        "improvement notice*", "improvement journey", "improvement activit*", "improvement work",
        "improvement priorities", "improvement framework", "continuous improvement",
        "quality improvement", "service improvement", "area for improvement",
        "areas for improvement", "strengthening families", "stronger families",
        "strength based", "strengths based", "significant harm", "good practice guid*",
        "good morning", "good afternoon", "for good", "effective from", "effective date",
        "effective support", "effective immediately", "poor mental health", "poor physical health",
        "poor health", "poor housing", "positive behaviour support", "positive activities",
        "safer neighbourhood*", "safer recruitment", "safer sleep*", "safer streets",
        "better care fund", "reduced timetable*", "late at night", "late in the",
        r"re:\blate\s+(?:20\d\d|spring|summer|autumn|winter|morning|afternoon|evening)\b",
        "in the best", "to better", "the more", "more than one",
        r"re:\bplay(?:s|ed|ing)?\s+(?:a|an)\s+(?:[\w-]+\s+(?:and\s+)?){0,4}(?:role|part)\b",
        "significant role", "significant part",
    ),
    "plan_words": (
        "will", "we'll", "I'll", "you'll", "they'll", "it'll", "that'll", "won't", "won’t", "would", "wouldn't", "wouldn’t", "should",
        "shouldn't", "shouldn’t", "could", "couldn't", "couldn’t", r"re:(?-i:\bmay\b)", "might",
        "must", "mustn't", "shall", r"re:\bcan\b(?!\s+be\s+no\s+doubt)", "cannot", "can't", "can’t", "ought to", "need to",
        "needs to", "needed to", r"re:\b(?:is|are|was|were)\s+(?:still\s+)?(?:needed|required)\b",
        "has to", "have to", "had to", r"re:\b(?:is|are|was|were)\s+to\s+(?!the\b|a\b|an\b)[a-z]+\b",
        "going to", "plan to", "plans to", "planned to", "planning to", "plan is",
        "intend to", "intends to", "intended to", "intention", "intentions", "aim to",
        "aims to", "aimed to", "aiming to", "our aim", "the aim", "aim of", "aims of",
        "want to", "wants to", "wanted to", "we want", "wish to", "wishes to", "wished to",
        "hope to", "hopes to", "hoped to", "hope that", "hopes that", "hoping",
        "expressed the hope", "expect to", "expects to", "expected to", "expect that",
        "seek to", "seeks to", "seeking to", "sought to", "strive to", "strives to",
        "ambition", "ambitions", "aspire*", "aspiration*", "propose to", "proposes to",
        "proposed to", "propose that", "proposes that", "proposal", "proposals", "next year",
        "next steps", "next step", "coming year", "year ahead", "years ahead", "going forward",
        "moving forward", "in future", "in the future", "future", "over the next", "in the next",
        "undertook to", "recommend", "recommends", "recommended that", "yet to", "still to",
        "further work", "work is ongoing", "due to be", "scheduled to", "set to", "asked for",
        "asked that", "working towards", "work towards", "our vision",
        "the vision", "priority will", "if needed",
    ),
    "purpose_words": (
        "in order to", "so as to", "so that", "with a view to", "with the aim of", "ensuring",
        "ensure that", "working to", "the extent to which", "extent to which", "whether or not", "what makes", "what works",
        r"re:\bwhat\s+(?:had\s+|has\s+|have\s+|is\s+|was\s+|were\s+|are\s+)?(?:worked|working|works|went|gone|goes|going)\s+well\b",
        "committed to", "commit to", "commits to", "commitment to", "determined to",
        r"re:\btowards\s+(?:[\w-]+\s+){0,2}(?:improvement|improving|better|greater|more|fewer|stronger|effective|good|outstanding)\b",
        "with an aim of", "aimed at", "in an effort to", "if", "unless", "whether", "until",
        "in case", "how well", "how effective", "how effectively", "how far", "how much",
        "how many", "how good", "how strong", "how quickly", "how confident", "what difference",
        "what impact",
        r"re:\b(?:of|on|for|at|in|towards|toward|by|about)\s+(?:achieving|securing|ensuring|improving|developing|delivering|strengthening|promoting|increasing|reducing|building|making|embedding|raising|enhancing|providing|creating|driving|tackling)\b",
    ),
    "infinitive_verbs": (
        "improve", "increase", "reduce", "decrease", "strengthen", "ensure", "secure", "achieve",
        "develop", "promote", "provide", "deliver", "make", "build", "raise", "enable", "tackle",
        "address", "embed", "drive", "maintain", "sustain", "prevent", "protect", "keep",
        "identify", "understand", "demonstrate", "show", "create", "bring", "reach", "reflect",
        "consider", "monitor", "assess", "evaluate", "measure", "test", "check", "see", "look",
        "find", "move", "take", "agree", "adopt", "implement", "roll", "offer", "give", "become",
        "be", "have", "get", "do", "meet", "exceed", "learn", "share", "hear", "listen",
        "respond", "lower", "halve", "double", "enhance", "expand", "extend", "grow", "widen",
        "deepen", "boost", "challenge", "scrutinise", "scrutinize", "assure", "inform",
        "influence", "shape", "emphasise", "emphasize", "explain", "detail", "present",
        "summarise", "summarize", "pilot", "train", "use", "complete", "publish", "establish",
        "explore", "encourage", "engage", "minimise", "minimize", "mitigate", "manage",
        "coordinate", "co-ordinate", "involve", "empower", "equip", "recognise", "recognize",
        "safeguard", "gain", "seek", "continue", "attend", "participate", "align", "refresh",
        "revise", "update", "produce", "undertake", "carry", "commission", "conduct", "fund",
        "invest", "recruit", "retain", "better", "further", "raise", "accelerate", "improving",
        "tighten", "close", "narrow", "transform", "redesign", "review", "introduce", "launch",
        "provide", "stop", "avoid", "hold", "track", "compare", "highlight", "focus", "target",
        "increase", "help", "support", "confirm", "contribute", "oversee",
    ),
    "asserting_verbs": (
        "found", "judged", "shown", "showed", "proved", "proven", "considered", "deemed",
        "believed", "known", "reported", "said", "seen", "thought", "rated", "assessed",
        "continued", "continues", "continuing", "helped", "helps", "managed", "manages",
        "began", "begun", "begins", "started", "starts", "tended", "tends", "seemed", "seems",
        "appeared", "appears", "used", "able", "came", "went", "failed", "due", "led", "leads",
        "lead", "likely", "encouraging", "pleasing", "disappointing", "pleased", "concerning",
        "reassuring", "worrying", "good", "worth", "interesting", "clear", "evident", "notable",
        "noteworthy", "delighted", "glad", "sad", "surprising", "striking", "unable",
    ),
    "thanks_words": (
        r"re:\b(?:we|i)\s+(?:would\s+(?:also\s+)?like\s+to\s+|want\s+to\s+|wish\s+to\s+|must\s+|also\s+|especially\s+|particularly\s+|sincerely\s+|again\s+)*thank\b",
        "thank you", r"re:\b(?:my|our)\s+(?:\w+\s+)?thanks\b",
        r"re:\bthanks\s+(?:go|goes|are\s+due|must\s+go|also\s+go|to\s+all)\b",
        r"re:\bthank(?:s|ing)?\s+(?:all|everyone|every|our|partners|colleagues|staff|practitioners|members)\b",
        r"re:\b(?:praised|commended|recognised|recognized|acknowledged)\s+(?:the\s+|their\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,2}(?:work|efforts?|contribution|commitment|dedication)\s+of\b",
        "was thanked", "were thanked", "be thanked", "be congratulated", "congratulate*",
        "grateful", "gratitude", r"re:\bappreciation\s+(?:to|for|of)\b", "pay tribute",
        "paid tribute",
    ),
    "procedure_words": (
        r"re:^\W*(?:resolved|agreed|recommendations?|decision|decisions|actions?)\b\s*(?:that\b|[:\-–—]|$)",
        r"re:^\W*that\b(?=.*\bbe\b)",
        r"re:^\W*(?:minutes|supporting\s+documents|agenda\s+item|apologies|declarations?\s+of\s+interests?|present|in\s+attendance)\b\s*:?",
        r"re:\b(?:introduced|presented|tabled|outlined)\s+(?:the|this|his|her|their|an|a)\s+(?:[\w'’-]+\s+){0,6}?(?:report|item|paper|update|plan|presentation|review)\b",
        r"re:\bgave\s+(?:an|a)\s+(?:brief\s+|short\s+|verbal\s+)?(?:overview|presentation|update|summary|introduction)\b",
        r"re:\b(?:was|were)\s+in\s+attendance\b",
        r"re:\b(?:key\s+)?points\s+were\s+(?:made|raised)\b",
        r"re:^\W*(?:members|councillors|cllrs?\.?|the\s+(?:sub-?)?committee|the\s+board|the\s+panel|they|he|she|the\s+chair(?:man|person)?|officers)\s+(?:\w+\s+){0,2}?(?:asked|queried|questioned|requested|sought|enquired|inquired|wondered|urged|welcomed|thanked|discussed|considered|stressed|emphasised|emphasized|expressed|commented|highlighted|raised|received|undertook|moved|seconded|invited)\b",
        r"re:^\W*asked\s+(?:to|whether|how|what|about|if|for)\b",
        r"re:^\W*(?:the\s+)?(?:report|minutes?)\s+(?:was|were)\s+(?:noted|received|agreed|approved|considered)\b",
        r"re:\bsubject\s+to\s+(?:the\s+)?(?:above|following)\b",
    ),
    "not_figures": (
        # years and periods
        r"re:\b(?:19|20)\d{2}\s?[-–/]\s?(?:19|20)?\d{2}\b",
        r"re:(?<![\d,.£$€])\b(?:19[5-9]\d|20[0-4]\d)\b(?![,.]\d|\s?%|\s?per\s?cent)",
        r"re:['’]\d{2}\b",
        # dates and times
        r"re:\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?-i:<months>)\b\.?",
        r"re:(?-i:\b(?:<months>))\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?!\s*(?:%|,\d))",
        r"re:(?-i:\b(?:<months>))[-\s]\d{2}\b",
        r"re:\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b",
        r"re:\b\d{4}-\d{2}-\d{2}\b",
        r"re:\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)",
        r"re:\b\d{1,2}:\d{2}\b",
        # durations and timescales
        r"re:\b(?:last|past|previous|next|coming|first|final|recent|preceding|following)\s+(?:<num>\s+)(?:years?|months?|weeks?|days?|quarters?|decades?|terms?)\b",
        r"re:\b<num>-(?:years?|months?|weeks?|days?|hours?|minutes?|sessions?|points?|stages?|steps?|tiers?|weekly|monthly|yearly|way|page)\b(?=[- ](?:[a-z]))",
        r"re:\b<num>\s(?:year|month|week|day|hour|minute|session|point|stage|step|tier|way|page)\s(?=[a-z])(?!old\b|ago\b|later\b|earlier\b|on\b|in\b|of\b|and\b|or\b|to\b|for\b|at\b|with\b|before\b|after\b|from\b|by\b)",
        r"re:\b<num>[- ](?:years?|months?|weeks?|days?)\s+(?:period|plan|strategy|programme|program|cycle|contract|pilot|project|partnership|plans|strategies)\b",
        r"re:\b<num>\s+years?\s+ago\b",
        r"re:\b(?:within|inside|after|before|in)\s+(?:the\s+)?(?:first\s+)?<num>\s+(?:working\s+|calendar\s+|school\s+|clear\s+)?(?:days?|hours?|weeks?|months?)\b(?:['’]\s*time)?",
        r"re:\b(?:<num>\s+times|twice|once)\s+(?:a|per|each|every)\s+(?:year|month|week|day|term|quarter|fortnight)\b",
        r"re:\bevery\s+<num>\s+(?:weeks?|months?|years?|days?)\b",
        r"re:\b(?:24|twenty[- ]four)\s+hours\s+a\s+day\b", r"re:\b(?:7|seven)\s+days\s+a\s+week\b",
        r"re:\b365\s+days\b",
        # ages
        r"re:\bage[ds]?\s+(?:between\s+|of\s+|from\s+|up\s+to\s+|under\s+|over\s+)?<num>(?:\s*(?:-|–|to|and)\s*<num>)?(?:\s+and\s+(?:over|under|above))?\b",
        r"re:\b<num>(?:\s*(?:-|–|to|and)\s*<num>)?[- ]years?[- ]olds?\b",
        r"re:\b<num>\s*(?:-|–|to)\s*<num>\s+years\b(?!\s+(?:ago|of))",
        r"re:\b(?:under|over)[- ]?(?:5|11|16|18|19|21|25|five|eleven|sixteen|eighteen)s\b",
        r"re:\b(?:under|over)[- ](?:[1-9]|1\d|2[0-5])\b(?=\s*(?:[.,;:)]|$|and\b|or\b|who\b|years?\b|yrs?\b|in\b|at\b|with\b|living\b|are\b|were\b|is\b|was\b|have\b|has\b|from\b|on\b|as\b|to\b))",
        r"re:(?<![\d,.])\b0\s*[-–]\s*\d{1,2}\b",
        r"re:\b\d{1,2}\+(?=\s*(?:service|team|years?|provision|accommodation|population|pathway)\b)",
        # numbered parts and the names of things
        r"re:\b(?:sections?|ss?\.|sec\.|articles?|regulations?|regs?\.|paragraphs?|paras?\.?|chapters?|parts?|appendix|appendices|annex(?:es)?|schedules?|tables?|figures?|figs?\.|charts?|graphs?|pages?|pp?\.|items?|agenda\s+items?|recommendations?|priorit(?:y|ies)|objectives?|phases?|stages?|key\s+stages?|steps?|tiers?|levels?|grades?|bands?|versions?|issues?|no\.|nos\.|cohorts?|waves?|rounds?|quarters?|modules?|standards?|principles?|clauses?|rules?|options?|scenarios?|lots?|domains?|outcomes?|themes?|strands?|workstreams?|work\s+streams?|extn?\.?|extension|room|ward|floor|route|bus)\s*\d+[A-Za-z]?(?:\(\d+\))?(?:/\d+)?(?:\s*(?:,|and|or|&|to|-|–)\s*\d+[A-Za-z]?(?:\(\d+\))?)*",
        r"re:(?-i:\b(?:Child|Children|Baby|Babies|Sibling|Siblings|Young\s+Person|Adult|Mother|Father|Parent|Case|Family|Subject|Year|Years|Week|Day|Session|Unit|Group|Team|Area|Form|Number|Option|Project|Pathway|Cluster|Locality|Zone|Q|H)\s+\d+[A-Za-z]?(?:\s*(?:,|and|or|&|to|-|–)\s*\d+[A-Za-z]?)*)\b",
        r"re:\byear\s+groups?\s+\d+", r"re:\byear\s+\d{1,2}\s+of\b",
        r"re:\b(?:up\s+to|until|to|from\s+birth\s+to)\s+(?:the\s+age\s+of\s+)?(?:1[6-9]|2[0-5])\s+years\b(?!\s+(?:ago|later|earlier))",
        r"re:\bthe\s+age\s+of\s+<num>\b",
        r"re:\b<num>\s+(?:minute|point)\s+(?:briefings?|guides?|summar(?:y|ies)|learning)\b",
        r"re:\b(?:covid|sars-cov)[- ]?\d+\b",
        r"re:\b<num>[- ]minute\b",
        r"re:\b(?:the\s+|all\s+|each\s+of\s+the\s+|both\s+)?(?:three|3)\s+(?:statutory\s+|lead\s+|key\s+|local\s+)?(?:safeguarding\s+)?partners\b",
        r"re:\b(?:one|1)[- ](?:to|2)[- ](?:one|1)\b", r"re:\b1:1\b", r"re:\b24/7\b",
        r"re:\b1,?001\s+(?:critical\s+)?days\b", r"re:\bNHS\s+111\b",
        r"re:^\W*(?:\d+(?:\.\d+)+|\d{1,3}[.)]|\(\d{1,3}\))(?=\s)",
        r"re:\(\d{1,2}\)", r"re:\[\d{1,3}\]",
        # phone numbers
        r"re:(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b",
        r"re:\b(?:ext|extn|extension|tel|telephone|phone|mobile|fax)\.?:?\s*\d[\d ]{2,}\d",
        r"re:\b(?:call|dial|ring|phone|telephone|text|on|or|nhs)\s+(?:999|101|111|112|116\s?\d{3}|0800\s?\d+|0300\s?\d+)\b(?=\s*(?:$|[,.;:)]|if\b|or\b|and\b|for\b|in\b|at\b|when\b|to\b|—|–|\())",
        # rate bases and scales
        r"re:\b(?:per|in\s+every|for\s+every|out\s+of\s+every)\s+(?:100|1,?000|10,?000|100,?000|a\s+hundred|one\s+hundred|a\s+thousand|one\s+thousand|ten\s+thousand|100\s+thousand|hundred\s+thousand|10k|1k)\b",
        r"re:\b(?:on\s+)?a\s+scale\s+of\s+<num>(?:\s*(?:-|–|to)\s*<num>)?\b",
        r"re:\bscale\s+(?:of\s+|from\s+)?<num>\s*(?:-|–|to)\s*<num>\b",
        r"re:\b<num>[- ]point\s+scale\b",
        r"re:\b<num>\s+levels?\s+of\s+need\b",
    ),
    "abbreviations": (
        "e.g", "eg", "i.e", "ie", "dr", "mr", "mrs", "ms", "prof", "no", "nos", "approx",
        "vs", "v", "cf", "st", "cllr", "cllrs", "rev", "fig", "figs", "para", "paras", "p", "pp",
        "s", "ss", "ch", "vol", "ref", "refs", "extn", "ext", "tel", "incl", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "est", "govt", "dept",
        "sec", "art", "reg", "sch", "c", "ca", "op", "cit", "ibid", "n.b", "nb", "a.m", "p.m",
        "esp", "resp", "yr", "yrs", "wk", "wks", "hr", "hrs", "mins", "max", "min", "nr",
    ),
}

#: abbreviations that may also end a sentence: a capital after them starts a new one
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc", "al", "ltd", "inc", "co", "plc"})
#: words before a single capital letter that make the letter a pseudonym ("Child A."), not an initial
PSEUDONYM_PREFIXES = frozenset({
    "child", "baby", "children", "family", "sibling", "siblings", "person", "case", "appendix",
    "annex", "part", "section", "grade", "option", "plan", "schedule", "category", "group",
    "table", "figure", "chart", "tier", "level", "type", "class", "stage", "mother", "father",
    "adult", "parent", "subject", "young", "boy", "girl", "school", "victim", "perpetrator",
})
