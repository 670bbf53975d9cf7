"""The boilerplate vocabulary: phrases, selectors and site rules. Data only, no logic.

Every entry says where it was seen, so a rule can be traced back to the page that needed it
and dropped again when it stops earning its keep (issues 3 and 4). "seed" is
``seeds/000_e63184a7a477ae46.txt`` (amehnews, a Vanguard-style WordPress theme); "dev: site"
names a page of the extraction dev split where the rule fires; "news sites" marks chrome
common on news pages that no dev page needed (kept: on dev they never drop story text);
"fixture" means ``tests/fixtures/pages/``.

Phrases are compared after :func:`scrapers.clean_text.normalize` (lower case, spaces collapsed,
trailing ``:``/``.``/``…``/``*`` stripped), so ``"Share this:"`` and ``"share this"`` are one entry.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Text: whole lines (a scraped dump) or whole blocks (HTML) that are never story text. -------

#: A line or block equal to one of these (after normalising) is dropped.
BOILERPLATE_LINES: frozenset[str] = frozenset(
    {
        # Share prompts.
        "kindly share this story",  # seed, top and bottom (Vanguard-style theme)
        "share this story",  # WordPress Jetpack sharing, fixture
        "share this",  # Jetpack "Share this:", fixture
        "share",  # news sites: share bars reduced to their label
        "share this article",  # news sites: share bars
        "share on facebook",  # news sites
        "share on twitter",  # news sites
        "like this",  # Jetpack "Like this:", fixture
        "like loading",  # Jetpack likes widget text, fixture
        "loading",  # Jetpack "Loading...", fixture
        "be the first to like this",  # Jetpack likes widget, fixture
        # Comment forms and sections (WordPress core comment-form strings, Disqus).
        "leave a reply",  # seed
        "leave a comment",  # WordPress, fixture
        "your email address will not be published",  # seed
        "required fields are marked",  # seed (the trailing "*" is stripped)
        "your email address will not be published. required fields are marked",  # seed, one line
        "post comment",  # WordPress submit button, fixture
        "cancel reply",  # WordPress, fixture
        "leave a reply cancel reply",  # WordPress's heading and link, one line in a text dump
        "reply",  # a comment's reply link (QA: a WordPress text dump)
        "post navigation",  # WordPress, between a post and its comments (QA)
        "previous post",  # WordPress (QA)
        "← previous post",  # WordPress (QA)
        "next post",  # WordPress (QA)
        "next post →",  # WordPress (QA)
        "δ",  # WordPress's spam-trap field, whose label is a Greek delta (QA)
        "comment",  # WordPress field label, fixture
        "name",  # WordPress field label, fixture
        "email address",  # news sites: newsletter field label
        "website",  # WordPress field label, fixture
        # WordPress 4.9.6+ cookie consent checkbox:
        "save my name, email, and website in this browser for the next time i comment",
        "notify me of follow-up comments by email",  # Jetpack subscriptions, fixture
        "notify me of new posts by email",  # Jetpack subscriptions, fixture
        "comments",  # section heading (dev: indiapost, morebikes)
        "comments are closed",  # WordPress, fixture
        "please enable javascript to view the comments powered by disqus",  # Disqus noscript
        "view comments",  # news sites
        "read more",  # news sites: teaser links
        # Ads, newsletters, cookies.
        "advertisement",  # news sites: ad slot labels
        "advertisement loading",  # AMP ad slot placeholder (QA round 4)
        "advert",  # ad slot label (dev: morebikes)
        "advertisement - continue reading below",  # news sites
        "story continues below advertisement",  # news sites
        "continue reading below",  # news sites
        "sponsored",  # news sites
        "sign up",  # news sites: newsletter boxes
        "subscribe",  # dev: wired
        "accept cookies",  # news sites: cookie banners
        # Widget labels left in the text.
        "caption",  # photo caption toggle (dev: chron, sfgate, timesunion)
        "close",  # photo caption toggle (dev: chron, sfgate, timesunion)
        "topics",  # topic list heading (dev: theguardian)
        "text size",  # font-size control (dev: barrons)
        # Share prompts in other languages (QA round 4).
        "分享到",  # Chinese "share to:"
        "شارك",  # Arabic "share"
        # WordPress core's comment form and share labels in French, Spanish, German, Italian and
        # Portuguese, as the English ones above (QA round 6).
        "laisser un commentaire", "laisser une réponse", "deja un comentario",
        "deja una respuesta", "hinterlasse einen kommentar", "schreibe einen kommentar",
        "lascia un commento", "deixe um comentário", "deixe uma resposta",
        "partager", "partager cet article", "compartir", "compartir en facebook",
        "compartir en twitter", "teilen", "artikel teilen", "condividi", "compartilhar",
        # Ad labels and the comments' heading in Spanish, German, French, Italian and Portuguese,
        # as "advertisement" and "comments" above (QA s15).
        "publicidad", "anuncio", "anzeige", "werbung", "publicité", "pubblicità", "publicidade",
        "comentarios", "kommentare", "commentaires", "commenti", "comentários",
        "para comentar es necesario estar registrado",  # a Spanish comment box (QA s15)
        # Site sign-offs.
        "amehnews greetings",  # seed, the last line of every amehnews post
        "disclaimer",  # Vanguard's comment disclaimer heading (QA round 6)
        "our standards: the thomson reuters trust principles",  # Reuters (QA round 6)
    }
)

#: Headings of related-post lists, dropped like ``BOILERPLATE_LINES``. In a text dump, the lines
#: under one that read as headlines are the list's and go too (QA round 4).
RELATED_HEADINGS: frozenset[str] = frozenset(
    {
        "related post",  # seed
        "related posts",  # WordPress Related Posts plugins, fixture
        "related",  # Jetpack related posts heading, fixture
        "related articles",  # news sites
        "related stories",  # news sites
        "related content",  # news sites
        "related news",  # dev: moneycontrol
        "more stories",  # news sites
        "you may also like",  # dev: cleveland.com, theantijunecleaver
        "recommended",  # news sites
        "explore further",  # related links heading (dev: phys.org)
        "don't miss",  # related links heading (dev: express.co.uk)
        "also read",  # Punch's heading over its list (QA round 6)
        "articles similaires", "à lire aussi", "lire aussi", "noticias relacionadas",  # QA round 6
        "artículos relacionados", "das könnte sie auch interessieren", "ähnliche artikel",
        "articoli correlati",
        "相关新闻",  # Chinese "related news" (QA round 4)
        "相关阅读",  # Chinese "related reading"
    }
)

#: Share and print buttons reduced to their label: dropped as a link or button only (and as a
#: line of a text dump, which has lost its markup). As plain text they are story, such as a list
#: of apps in a story about social media (QA round 4).
SHARE_LABELS: frozenset[str] = frozenset(
    {
        "facebook",  # news sites
        "twitter",  # news sites
        "whatsapp",  # news sites
        "linkedin",  # news sites
        "pinterest",  # news sites
        "email",  # news sites: share-by-email button
        "print",  # news sites: print button
    }
)

#: A short line or block (see ``clean_text``) starting with one of these (case-insensitive, after
#: stripping) is dropped. Kept short and specific: a prefix rule that fires on a story sentence
#: costs recall ("We use cookies to track voters…", "Follow us on this journey…": QA round 4).
BOILERPLATE_PREFIXES: tuple[str, ...] = (
    "click to share on ",  # Jetpack: "Click to share on Twitter (Opens in new window)"
    "click to email this to a friend",  # Jetpack share buttons
    "click to print",  # Jetpack share buttons
    "this site uses akismet to reduce spam",  # WordPress Akismet notice, fixture
    "you must be logged in to post a comment",  # WordPress, fixture
    "vous devez vous connecter pour publier un commentaire",  # the same in WordPress's French
    "du musst angemeldet sein, um einen kommentar",  # and German (QA s15)
    "if you enjoyed this article",  # membership pitch (dev: nationalreview)
    "additional reporting by",  # credit line (dev: rollingstone)
    "abonnez-vous à notre newsletter",  # newsletter boxes in French, Spanish, German (QA round 6)
    "suscríbete a nuestro boletín",
    "abonnieren sie unseren newsletter",
    "comments expressed here do not reflect the opinions of",  # Vanguard (QA round 6)
    # Editors' credits in Chinese, and a newsletter pitch inside a story (QA).
    "（责任编辑：",  # "(responsible editor: …)"
    "(责任编辑：",
    "责任编辑：",
    "want more stories like this? sign up",
)

#: A line or block made of one of these and a headline is a teaser for another story: "Read more:
#: Ceasefire talks stall in Geneva". Only a headline follows (short, no final full stop; see
#: ``clean_text``), so "See also: the minister's remarks on inflation last year, which rattled
#: markets." is story (QA round 4). On dev the teasers are 65-81 characters, none ends in a stop.
TEASER_PREFIXES: tuple[str, ...] = (
    "read more:",  # dev: cityam, express.co.uk
    "also read:",  # Indian news sites
    "also read -",
    "see also:",
    "related:",  # dev: space.com
    "read also:",  # Nigerian news sites (QA round 4)
    "lire aussi :",  # French, with its space before the colon (QA round 6)
    "lire aussi:",
    "à lire aussi :",
    "lee también:",  # Spanish
    "lesen sie auch:",  # German
    "mehr zum thema:",  # German (QA)
    "اقرأ أيضا:",  # Arabic "read also:" (QA round 4)
    "اقرأ أيضاً:",  # the same, with tanween
)

#: News agencies and wire services, in author fields ("AFP, Reuters") and photo credits. Compared
#: lower case with spaces and punctuation removed, so "Agence France-Presse" is one entry. Not a
#: person's name, so never read as "Last, First" (review of QA round 4: "AFP, Reuters" gave
#: "Reuters AFP"); the caption-credit pattern below names the same agencies.
AGENCIES: frozenset[str] = frozenset(
    {
        "afp", "agencefrancepresse", "ap", "associatedpress", "reuters",  # the big three wires
        "xinhua", "dpa", "efe", "epa", "epaefe", "ansa", "anadolu", "anadoluagency",  # news sites
        "kyodo", "yonhap", "tass", "upi", "pa", "pamedia", "pressassociation", "bloomberg",
        "nan", "newsagencyofnigeria",  # Vanguard and other Nigerian sites credit NAN
        "getty", "gettyimages",  # photo agencies, in credits
    }
)  # fmt: skip

# A word of a date or time: "18", "Nov.", "Tuesday", "10:30", "3am", "2019-11-18T10:30Z",
# "GMT", "at", "3 hours ago".
_DATE_WORD = (
    r"(?:\d[\d:/.T+Z-]*(?:st|nd|rd|th|am|pm|a\.m\.|p\.m\.|h)?|[ap]\.?m\.?|at|on|ago|"
    r"(?:second|minute|min|hour|hr|day|week|month|year)s?|"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?|"
    r"(?-i:[A-Z]{2,5}))"  # a time zone: GMT, EST, AEDT
)

# A photo agency, matched as it writes its name, so that an abbreviation such as "(ePA)" in a
# story line is not one (dev).
_AGENCY = (
    r"(?-i:AFP|AP|Reuters|REUTERS|Getty(?: Images)?|EPA(?:-EFE)?|PA(?: Wire| Images| Media)?|"
    r"Associated Press|Shutterstock|Alamy|iStock|Xinhua|Anadolu(?: Agency)?|Rex(?: Features)?|"
    r"NurPhoto|SIPA|dpa)"
)
# What may follow the agency in a credit: "AFP via Getty Images", "AFP/Getty".
_CREDIT_TAIL = r"(?:\s*(?:/|via\b)\s*[^()]*)?"
# A caption's credit closing a line, in one of a credit's forms (see BOILERPLATE_PATTERNS).
_PHOTO_CREDIT = (
    r"\((?:"
    rf"(?:photo|image|picture)s?(?: credit)?\s*:\s*(?:[^()/]*/\s*)?{_AGENCY}{_CREDIT_TAIL}"
    rf"|[^()/]*/\s*{_AGENCY}{_CREDIT_TAIL}"  # "(Jane Doe/AFP)"
    rf"|{_AGENCY}(?: photos?)?\s*(?:/|via\b)\s*[^()]*"  # "(AFP/Getty)", "(AP Photo/Jane Doe)"
    r"|(?-i:Reuters|REUTERS|Getty Images|Shutterstock|Alamy|iStock|NurPhoto|Rex Features|"
    r"EPA-EFE|PA (?:Wire|Images|Media)|Anadolu Agency)"  # names no story line abbreviates
    r")\)$"
)

# What a byline's first name is not: "By Christmas Day, 2020." and "By Friday, 5pm" are story
# (review).
_NOT_A_NAME = (
    r"(?!(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|june|july|august|september|october|november|december|christmas|easter|"
    r"thanksgiving|noon|midnight|today|tomorrow|tonight)\b)"
)
# A name as bylines write it: one to four capitalised words, whatever the flags.
_NAME = r"(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})"
# A reporter's job after a comma: "City Hall reporter", "Staff Writer".
_JOB = r"(?:reporter|writer|correspondent|editor|columnist|contributor|producer)"
_ROLE = r",\s*(?:[\w'’-]+\s+){0,3}" + _JOB
#: What may follow the names on a byline's line (QA): the date ("on March 14, 2021", "•
#: March 14, 2021 • 3 min read", "| Updated March 14, 2021 at 10:00 am"), the writer's handle
#: or address ("@janedoe", "jane.doe@herald.example"), a wire service ("/ Reuters") or a job.
BYLINE_TAIL = (
    r"(?:\s*(?:[•·|,/–—-]|\s(?:on|at)\b)\s*(?:(?:updated|published|posted)\s*:?\s*)?"
    r"(?:" + _DATE_WORD + r"[\s,.]*)+"
    r"|\s*[•·|]\s*\d+\s*min(?:ute)?s?\s+read"
    r"|\s+@\w+"
    r"|\s+[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\s*/\s*" + _AGENCY + "|" + _ROLE + ")"
)

#: A name and a staff job, alone on a line: "Jane Doe, Staff Reporter" (QA); the name is its
#: first group. Not any job: "Maria Lopez, documentary producer" is a jury's member (review).
NAME_AND_JOB = r"^(" + _NAME + r"),\s*(?:senior\s+)?staff\s+(?:reporter|writer|correspondent)\s*$"

# A word of a date or time in French, German, Spanish, Portuguese and Italian: month names and
# the words around a day and a time ("17 février 2023 à 23h58", "05:30 Uhr", "30 de enero a las
# 14:20"; QA s15), or an English one. Whole words: "a" and "de" are no prefix of a word.
_LOCAL_DATE_WORD = (
    r"(?:(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    r"novembre|décembre|decembre|januar|februar|märz|april|juni|juli|oktober|dezember|enero|"
    r"febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|"
    r"diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
    r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    r"uhr|le|à|a|las|el|de|del|am|um|às|em|il|alle|ore)\.?(?![^\W\d_])|" + _DATE_WORD + ")"
)
#: "Updated" in English, French, Spanish, German, Portuguese and Italian.
UPDATE_LABEL = (
    r"(?:updated|modified|modifié|mis à jour|actualizado|aktualisiert|atualizado|aggiornato)"
)
# Two names or more, joined as the languages join them: "Claire Dubois et Antoine Lefèvre".
_LOCAL_NAMES = (
    r"(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}"
    r"(?:\s*(?:,|&|\b(?:et|y|und|e)\b)\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})*)"
)
# What follows the names of a byline in those languages: where and when it was filed, and its
# update, "Madrid 30/01/2024 11:45 Actualizado a las 14:20", "| 10.01.2024, 05:30 Uhr |
# Aktualisiert: 10.01.2024, 18:12 Uhr" (QA s15). The place is read as one more name word.
_LOCAL_BYLINE_TAIL = (
    r"(?:[\s,|•·/–—-]+(?:" + UPDATE_LABEL + r"\s*:?\s*)?" + _LOCAL_DATE_WORD + r")*\s*$"
)

#: A German byline, of two names or more: "Von Klaus Müller" (QA), not "Von Berlin nach…",
#: and its date ("Von Jonas Becker | 10.01.2024, 05:30 Uhr", QA s15); the names are its first
#: group.
VON_BYLINE = r"^von\s+(" + _LOCAL_NAMES + ")" + _LOCAL_BYLINE_TAIL

#: A short line or block (see ``clean_text``) matching one of these regexes anywhere is dropped.
BOILERPLATE_PATTERNS: tuple[str, ...] = (
    r"^(?:image|photo|picture|slide) \d+ (?:of|/) \d+",  # gallery counters (dev: space.com)
    # A sign-off sentence, "Follow us on Twitter @Spacedotcom" (dev: space.com), but not "Police
    # urged residents to follow them on Twitter" (QA round 4): only at a sentence's start.
    r"(?:^|[.!?][\"”’]?\s)\s*follow (?:us|him|her|me|them) (?:on|at) "
    r"(?:twitter|x|facebook|instagram|linkedin|youtube|tiktok|threads|telegram)\b",
    # Cookie banners: "We use cookies to improve your experience on our website", not "We use
    # cookies to track voters, the campaign's data chief admitted" (QA round 4).
    r"^(?:we|this (?:web)?site) uses? cookies\b.*\b(?:experience|(?:web)?site|browsing|cookie "
    r"policy|privacy policy|consent)\b",
    r"^(?:tags|tagged|filed under|posted in|categories)\s*:",  # tag lists (WordPress themes)
    r"^\d+ (?:of|/) \d+$",  # gallery counter alone (dev: therepublic)
    r"\bcontributed reporting\b",  # credit line (dev: nytimes)
    r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$",  # a reporter's e-mail address alone (dev: chron)
    r"^(?:https?://)?(?:www\.)?twitter\.com/\w+/?$",  # a reporter's Twitter alone (dev: chron)
    r"^(?:reading time|tempo de leitura|lesezeit|temps de lecture)\s*:",  # dev: comoeducar
    # Reading time (news sites), and the date Medium writes right after it: "7 min readJul 22,
    # 2023" (QA s15).
    r"^\d+\s*min(?:ute)?s?\s+read(?:[\s,·•|]*" + _DATE_WORD + r")*$",
    r"^[-–—]+$",  # dashes alone: Medium's clap count before it loads, "--" (QA s15)
    # Credits, copyright lines and calls to action left in the body (QA round 4): "Image credit:
    # Getty Images", "© Copyright 2016 Daily News. All rights reserved.", "Click here to
    # subscribe", "Join our WhatsApp channel". Copyright needs the word, then a sign or a year,
    # so that "Copyright lawyers said…" is story; dev references keep wire notes without the word
    # ("© Reuters", "© 2019 Associated Press. All Rights Reserved. This material may not…"), and
    # dropping them cost F1 0.0006. "Join" needs a network, so "Join us on a walk" is story.
    r"^(?:(?:image|photo|picture|photograph)\s+)?credits?\s*:",
    r"^(?:©\s*|\(c\)\s*)?copyright\s*(?:©|\(c\)|\d{4})",
    r"^copyright\b[^.]{0,80}\.\s*all rights reserved\b",  # "Copyright PUNCH. All rights…" (QA 6)
    r"^(?:contact|e-?mail)\s*:\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+$",  # Punch's sign-off (QA round 6)
    # WordPress core's comment-form notice in French, Spanish, German, Italian, Portuguese (the
    # English one is a phrase above; translations put the "*" mid-line): QA round 6.
    r"^(?:votre adresse (?:e-mail|de messagerie)|tu (?:dirección de )?correo electrónico|"
    r"(?:deine|ihre) e-mail-adresse|il tuo indirizzo email|o seu endereço de e-?mail) "
    r"(?:ne sera pas publiée|no será publicad[oa]|wird nicht veröffentlicht|non sarà pubblicato|"
    r"não será publicado)",
    # Newsletter boxes: "Sign up for our newsletter", "Sign up for our Daily Briefing
    # newsletter" (QA), "Subscribe to the Morning Report newsletters".
    r"^(?:sign up|subscribe) (?:for|to) (?:our|the) (?:[\w'’-]+ ){0,4}newsletters?\b",
    r"^(?:click|tap) here\b",
    # Substack's pitch under a post: "Thanks for reading Flight Path! Subscribe for free to
    # receive new posts and support my work." (QA), not "Thanks for reading, she wrote."
    r"^thanks for reading\b.{0,80}?\bsubscribe\b",
    r"^join (?:our|us on) (?:\w+ ){0,2}?(?:whatsapp|telegram|facebook|instagram|twitter|youtube|"
    r"linkedin|google news|discord|signal)\b",
    # A photo caption ending in its credit: "… in the assault (AFP/Getty)" (seed, twice),
    # "(Reuters)", "(Photo: AFP via Getty Images)" (QA round 4). The parenthesis must hold a
    # credit's form: a "Photo:" label, a slash or "via", or a name no story abbreviates; a bare
    # "(EPA)", "(AP)" or "(PA)" ends story lines such as "The Associated Press (AP)" (review).
    _PHOTO_CREDIT,
    # Bylines and datelines left inside the body: "By Jane Doe", "Published: 18 Nov 2019".
    # On dev, class names already remove them (these never fire there); they are for pages
    # with unnamed markup (fixture). Names are capitalised words whatever the flags the
    # patterns are compiled with, so "By the time police arrived, the gunmen had fled." and "By
    # the numbers" are story (QA round 4); a dateline is only a date and time, so "Published in
    # 2015, the earlier report found…" and "Updated 2016 figures show…" are story too.
    r"^(?:by|written by|words by|story by)\s+" + _NOT_A_NAME
    + r"(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
    r"(?:\s*(?:,|and|&|\|)\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})*)"
    r"(?:" + BYLINE_TAIL + r")*\s*$",
    NAME_AND_JOB,
    # A share bar in other languages: its label, then networks only: "Compartilhe: WhatsApp |
    # Facebook", "Artikel teilen: Facebook Twitter E-Mail" (QA), not "Compartilhe: o presidente…"
    r"^(?:compartilhe|compartir|partager|artikel teilen|condividi)\s*:?(?:[\s|,•·/]*(?:whatsapp|"
    r"facebook|twitter|x|linkedin|e-?mail|telegram|messenger|pinterest|reddit|threads|bluesky|"
    r"imprimir|imprimer|drucken|print|copiar|kopieren))+[\s|,•·/]*$",
    # A name and a wire service: "Jane Doe / Reuters", a wire byline or a photo's credit (QA).
    r"^" + _NAME + r"\s*/\s*" + _AGENCY + r"\s*$",
    # The category under a related post in WordPress's Jetpack list: 'In "News"' (QA).
    r'^in ["“][^"”]{1,40}["”]$',
    VON_BYLINE,
    # French, Spanish and Portuguese bylines, of two names or more: "Par Marie Dupont", not
    # "Par Avion", "Por Favor" or "Por Que Importa" (review), and their date (QA s15).
    r"^(?:par|por)\s+(?!(?-i:Que|Qué|Le|La|Les|El|Los|Las)\b)" + _LOCAL_NAMES + _LOCAL_BYLINE_TAIL,
    # A dateline and its update: "Published 6:02 p.m. ET March 12, 2024 | Updated 9:15 p.m. ET"
    # (QA), "Publié le 17 février 2023 à 23h58, modifié le 18 février 2023 à 09h00" (QA s15).
    r"^(?:published|posted|last updated|first published|last modified|publié|publiée|publicado|"
    r"publicada|veröffentlicht|pubblicato|" + UPDATE_LABEL + r")(?: on| at)?\s*:?"
    r"(?=\D*\d)(?:[\s,|@-]*(?:" + UPDATE_LABEL + r"\s*:?\s*)?" + _LOCAL_DATE_WORD + r")+"
    r"(?:\s+by\s+(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}))?\W*$",  # "… by Jane Doe"
    # A block that is only a date: "November 29, 2016", "29 Nov. 2016 10:30".
    r"^(?:[A-Z][a-z]+\.?,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\.?|"
    r"[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?),?\s+\d{4}"
    # then a time and what goes with one ("GMT+1", "| Updated …"), not a timeline's entry, a
    # sentence after a dash or colon: "March 3, 2021 14:05 - Engineers report a crack." (QA)
    r"(?:[\s,|-]+\d{1,2}:\d{2}"
    r"(?!\s*[-–—:]\s+[^\W\d]\w*(?:\s+\S+){2,}$).*)?$",
)

# --- HTML structure -----------------------------------------------------------------------------

# Grouped by kind, with each group's provenance on its line: kept as written, not one per line.
# fmt: off
#: Elements that never hold story text; removed with everything inside them.
DROP_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "nav", "header", "footer", "aside", "form", "button", "select", "textarea", "input", "label",
    "menu", "dialog",
    # AMP's ad slots, whose fallback text ("Ad failed") is no story (QA round 6).
    "amp-ad", "amp-embed", "amp-sticky-ad", "amp-auto-ads",
    # Figures hold images and their captions; none of the 91 <figure> elements with text on the
    # dev split is part of a reference body, nor any of 78 <figcaption>s. (clean_html keeps a
    # figure that holds a table or a quote: the block editor's tables and pull quotes.)
    "figure", "figcaption",
)

#: Words in a class or id that name a list of other stories (related posts, most read): a date
#: inside one is a teaser's, not the story's (QA: tagDiv's "related-posts" dated the story).
STORY_LIST_CLASS_WORDS: tuple[str, ...] = (
    "related", "jp-relatedposts", "yarpp", "crp", "recirc", "outbrain", "taboola",  # related posts
    "more-stories", "read-more", "readmore", "also-read",  # related-post blocks
    "most-popular", "mostpopular", "most-read", "popular",  # most-read lists (news sites)
    "trending", "breaking-news", "linkback",  # story lists: the Sun's "rail--trending",
    # indiapost's "breaking-news" ticker, macrumors' "linkback" roundup links (dev)
)

#: Words in a class or id that mark an element as boilerplate, whatever else it is called.
#: Matched as whole words (``share`` hits ``share-bar`` and ``post_share`` but not
#: ``shareholders``).
DROP_CLASS_WORDS: tuple[str, ...] = (
    *STORY_LIST_CLASS_WORDS,
    "share", "sharing", "sharedaddy", "social", "sociable", "addtoany", "addthis",  # share widgets
    "comment", "comments", "respond", "disqus", "replies",  # WordPress/Disqus comment sections
    "advert", "advertisement", "adslot", "ad-slot", "dfp", "ad", "ads",  # ad slots
    # Ad slots and comment sections named in Spanish, German, French, Italian, Portuguese (QA s15).
    "publicidad", "anuncio", "anuncios", "anzeige", "werbung", "publicite", "pubblicita",
    "publicidade", "comentarios", "kommentare", "commentaires", "commenti",
    "newsletter", "subscribe", "signup",  # newsletter boxes
    "cta",  # calls to action: Ghost's membership card "kg-cta-card" inside the story (QA)
    "cookie", "cookies", "consent", "gdpr", "onetrust",  # cookie banners (OneTrust's: QA)
    "breadcrumb", "breadcrumbs", "pagination", "pager", "navbar",  # site chrome
    "tags", "tag-list", "post-tags", "entry-tags", "cat-links", "tags-links",  # tag lists
    "topic-list",  # BBC's "More on this story" links (QA s15); not "topics", WordPress's
    # post class for a term ("topics-alibaba" on dev: a story's <article>)
    "author-bio", "about-author",  # author boxes under the story
    "entry-meta", "post-meta", "article-meta",  # WordPress date/author lines (fixture)
    "copyright",  # a site's "© 2020 Newsquest Media Group" inside the article (QA; no dev page)
)

#: Words in a class or id that name media and credits. Dropped inside the story container
#: only: a layout wrapper can be called "img_container" (dev: newsnation) and hold the story.
MEDIA_CLASS_WORDS: tuple[str, ...] = (
    # Captions, credits, embedded media and teasers: on the dev split, of the elements so named
    # that hold 15+ characters, these share of them were part of a reference body: caption 2/135,
    # credit 2/37, photo 0/19, image 1/172, img 1/48, media 3/168, video 2/118, teaser 0/85,
    # author 0/136, byline 3/72, promo 0/58.
    "caption", "credit", "credits", "photo", "image", "img", "media", "video", "teaser",
    "author", "byline", "promo",
    "visually-hidden", "sr-only", "screen-reader-text",  # text for screen readers only
)

#: Names of media-and-text layouts, taken out of a class or id before the media words are
#: matched: their text half is story (WordPress' "wp-block-media-text" block and its
#: "wp-block-media-text__content", QA round 4; Bootstrap's "media" object and "media-body").
MEDIA_LAYOUT_WORDS: tuple[str, ...] = ("media-text", "media-body")

#: Words that mark chrome only when the element does not also say it is the story: themes name
#: the story's own header "article-header" and its wrapper "box article modal-enabled" (dev:
#: nypost), and HubSpot puts the body in "hs_cos_wrapper_meta_field" (dev: comwrap).
WEAK_DROP_CLASS_WORDS: tuple[str, ...] = (
    "sidebar",  # layout wrappers say "content-with-sidebar-wrp" (dev: thehill)
    "header", "footer", "masthead", "menu", "nav", "widget", "meta",
    "dateline", "toolbar", "print", "modal", "popup", "overlay", "sponsor",
    "recommended", "categories",
    # Paywalls: "subscription-content" holds the subscriber's part of the story, while
    # "subscription-box" and "paywall-prompt" hold the pitch (QA round 4).
    "subscription", "paywall",
)

#: Substrings of a class or id that say an element is (part of) the story; they shield it from
#: the weak words above (Readability's "okMaybeItsACandidate" idea).
STORY_CLASS_HINTS: tuple[str, ...] = (
    "article", "body", "content", "main", "story", "entry", "post", "text", "column",
)

#: Class/id words that mark the story container (content scoring bonus, and never dropped).
CONTENT_CLASS_WORDS: tuple[str, ...] = (
    "articlebody", "article-body", "article__body", "article-content", "article-text",
    "story-body", "storybody", "story-content", "story-text", "entry-content", "post-content",
    "post-body", "postbody", "main-content", "content-body", "body-text", "text-body",
    "articletext", "article_body", "rich-text", "td-post-content",
)

#: Class/id words of notes that belong to the story though set apart from its text: a sibling
#: of the story container so named joins it, whatever it scores (QA: Arc XP's "correction"
#: box after the "article-body").
STORY_NOTE_CLASS_WORDS: tuple[str, ...] = (
    "correction", "corrections", "clarification", "editors-note", "editor-note",
)

#: Class names of layout boxes, which say nothing of what they hold: grids and page builders'
#: wrappers. A story split into boxes so named takes only the boxes that score as story, since
#: the boxes between its chunks also hold "Most read" lists and sign-up boxes (QA round 4
#: review). A name matches whole, or as a sized grid cell ("col-md-8", "elementor-col-50").
LAYOUT_CLASS_NAMES: tuple[str, ...] = (
    "row", "col", "cols", "column", "columns", "container", "container-fluid", "wrapper", "wrap",
    "inner", "grid", "cell", "clearfix", "flex",
    "elementor-widget-container", "elementor-widget-wrap", "elementor-element", "elementor-widget",
    "elementor-column", "elementor-container", "elementor-row",  # Elementor
    "wp-block-group", "wp-block-group__inner-container", "wp-block-column", "wp-block-columns",
    "vc_row", "vc_column", "vc_column-inner", "vc_column_container", "wpb_column", "wpb_wrapper",
)
LAYOUT_CLASS_PATTERN = r"(?:col|span|grid|cell|elementor-col|elementor-element)-[\w-]+|span\d+"

# fmt: on

#: Elements a page marks as the story itself; trusted as the container when they hold enough
#: text (``body._MIN_MARKED_CHARS``).
CONTENT_SELECTORS: tuple[str, ...] = (
    '[itemprop="articleBody"]',  # schema.org microdata (dev: 19 pages, e.g. wday, nytimes)
)


@dataclass(frozen=True)
class SiteRule:
    """Per-site extraction rules, kept as data (issue 4).

    ``hosts`` are matched against the page URL's host and its parent domains. What to keep:
    ``body``, a CSS selector for the story container (content scoring is skipped), and
    ``keep_lines``, normalised phrases that are story on this site though the generic
    vocabulary drops them. What to drop: ``drop``, selectors removed from the page, and
    ``drop_lines``, normalised phrases dropped as whole blocks or lines. Selectors are simple
    compounds (``tag.class#id[attr="value"]``, comma-separated), see ``dom.select``.
    """

    hosts: tuple[str, ...]
    body: str = ""
    drop: tuple[str, ...] = ()
    keep_lines: frozenset[str] = frozenset()
    drop_lines: frozenset[str] = frozenset()


SITE_RULES: tuple[SiteRule, ...] = (
    # The seed's site: a Vanguard-style WordPress theme with share prompts above and below the
    # story and a greeting as the last paragraph (seed).
    SiteRule(
        hosts=("amehnews.com", "vanguardngr.com"),
        body=".entry-content",
        drop=(".sharedaddy", ".jp-relatedposts", "#comments", ".wp-block-buttons"),
        drop_lines=frozenset(
            {"kindly share this story", "amehnews greetings", "vanguard news nigeria"}
        ),
    ),
)
