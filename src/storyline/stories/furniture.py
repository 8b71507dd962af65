"""Page furniture: what a scraper picks up when it misses the article, or around it.

A feed built by scraping carries pages that are not articles at all (a Twitter embed prompt, a
"JavaScript is disabled" notice, a video player's error, a web archive's description of its crawl)
and articles wrapped in furniture (newsletter and comment prompts, consent notices). Furniture pages
are textually identical whatever story they were meant to carry, so a text clusterer would gather
hundreds of them, from as many stories, into one "story". They are removed before an article is
weighed; an article with no words left is not an article (it becomes a story of its own, marked empty).

The phrases were collected from the sentences most repeated across different stories in the tuning
half of the Multi-News validation set (benchmarks/stories.py, docs/stories.md), then from that half's
short texts and its articles nearly identical to an article of another story (cookie and sign-in
notices, paywall and comment-policy boxes, "page not found", a video site's "published on" line, stock
photo size notes), kept only when they are generic web furniture (any scraper meets them), never story
text: a phrase that a story could quote is made specific enough not to match it ("we use cookies to").
Removing furniture inside an article changes little; what matters is the page that is nothing else,
which would otherwise gather pages of other stories into a "story" of furniture. Each phrase is matched
case-insensitively at a sentence start and removed up to the end of its sentence, or, where furniture
runs straight into the article (``media playback is unsupported on your device``), only the phrase
itself.
"""

from __future__ import annotations

import re

# Whole sentences: the phrase and the rest of its sentence are furniture.
_SENTENCES = r"""
    tweet\ with\ a\ location | add\ (a\ )?location\ (information\ )?to\ your\ tweets |
    you\ always\ have\ the\ option\ to\ delete\ your\ tweet | you\ can\ switch\ location\ on/off |
    add\ this\ tweet\ to\ your\ website | would\ you\ like\ to\ proceed\ to\ legacy\ twitter |
    learn\ more\ *$ |
    (these|focused)\ crawls\ (are|of) | crawls\ of\ supported | crawl\ of\ outlinks | web\ wide\ crawl |
    the\ seed\ (list\ )?for\ \S+\ (crawl\ )?was | the\ seed\ for\ this\ crawl |
    starting\ in\ 1996,\ alexa\ internet | flowing\ in\ every\ day,\ these\ data |
    that\ way,\ as\ the\ pages\ that\ are\ referenced | then\ the\ internet\ archive\ hopes |
    the\ goal\ is\ to\ fix\ all\ broken\ links | archive-it\ partner | this\ is\ a\ set\ of\ web\ collections |
    these\ files\ are\ currently\ not\ publicly\ accessible | properties\ of\ this\ collection |
    turned\ off\ duplicate\ detection | we\ used\ heritrix | the\ scope\ of\ the\ crawl |
    this\ collection\ will\ be\ complete |
    please\ enable\ javascript | we'?\ ?ve\ detected\ that\ javascript\ is\ disabled | media\ requires\ javascript |
    the\ interactive\ transcript\ could\ not\ be\ loaded | rating\ is\ available\ when\ the\ video |
    this\ feature\ is\ not\ available\ right\ now | please\ try\ again\ later | this\ video\ is\ (no\ longer\ )?(un)?available |
    please\ enable\ cookies | by\ clicking\ "?\ ?i\ agree |
    breaking\ news\ emails\ get\ breaking\ news\ alerts | the\ news\ and\ stories\ that\ matter,\ delivered |
    get\ push\ notifications | get\ daily\ updates\ directly | subscribe\ to\ our\ (free\ )?newsletters? |
    sign\ up\ thank\ you | sign\ me\ up | sign\ up\ to\ receive\ our | see\ more\ of\ .{1,40}\ on\ facebook | you\ must\ select\ a\ newsletter | invalid\ email\ address |
    please\ check\ your\ email\ and\ click | we\ have\ sent\ you\ a\ verification\ email |
    if\ you\ do\ not\ receive\ the\ verification | your\ notification\ has\ been\ saved |
    there\ was\ a\ problem\ saving\ your\ notification | email\ notifications\ are\ only\ sent |
    already\ have\ an\ account | notice\ you\ must\ log\ in | you\ must\ log\ in\ to |
    this\ will\ (not\ )?appear\ (next\ to\ all\ of\ your\ comments|anywhere) |
    get\ digital\ access | and\ with\ a\ digital\ subscription | sorry,\ this\ zip\ ?code | re-enter\ zip\ code |
    looking\ for\ news\ you\ can\ trust | dow\ jones\ reprints | to\ order\ presentation-ready\ copies |
    close\ skip\ in\ skip\ x\ embed | all\ rights\ reserved | add\ as\ an\ interest\ to\ stay\ up\ to |
    be\ the\ first\ to\ know | just\ one\ more\ thing |
    to\ help\ personali[sz]e\ content | we\ use\ cookies\ (to|and|on|so) | this\ site\ uses\ cookies | by\ clicking\ or\ navigating\ the\ site |
    learn\ more,\ including\ about\ available\ controls | the\ new\ european\ data\ protection\ law\ requires\ us |
    (note:\ )?javascript\ is\ (disabled|not\ supported) | you\ need\ to\ enable\ javascript | you\ will\ need\ to\ enable\ scripting |
    you\ must\ have\ flash | in\ order\ to\ view\ most\ content\ and | you're\ viewing\ youtube\ in | simply\ click\ the\ run\ button |
    social\ sharing:\ share\ videos | videos\ you\ watch\ here\ will | subscribe\ now\ to |
    sign\ in\ using\ (you|your)\ (account|(\S+\ ){1,3}profile) | welcome\ back\.?\ please\ sign\ in | please\ sign\ in\ why\ are\ we\ asking |
    by\ submitting\ your\ registration | have\ an\ account\?\ sign\ in | use\ my\ facebook\ information |
    sign\ up\ and\ get\ access\ to\ special\ features | or\ simply\ fill\ in\ the\ form | i\ am\ at\ least\ 13\ years\ of\ age |
    please\ enter\ a\ valid\ email | invalid\ log\ ?in | check\ your\ user\ ?name\ and\ password |
    we\ have\ sent\ a\ confirmation\ email | thank\ you\ for\ registering | you\ also\ agree\ to\ our\ terms |
    see\ our\ privacy\ policy | sign\ up\ you\ agree\ to\ receive | sign\ up\ today\ for\ a\ free | visit\ us\ and\ sign\ in\ to\ update |
    sign\ up\ for\ our\ daily\ email\ newsletter | join\ us\ on\ facebook | like\ us\ and\ you\ ?'?\ ?ll\ find |
    sign\ up\ to\ follow,\ and\ we |
    (close\ )?get\ email\ notifications\ on | whenever\ .{1,40}\ posts\ new\ content |
    choose\ the\ plan\ that's\ right\ for\ you\.\ digital\ access | (×\ )?remaining\ of\ thank\ you\ for\ reading | thank\ you\ for\ reading! |
    on\ your\ next\ view\ you\ will\ be\ asked\ to\ log\ in |
    comments\ are\ filtered\ for\ language | to\ our\ readers:\ registration\ is\ required | readers\ may\ report\ inappropriate\ comments |
    constructive\ and\ respectful\ comments | we're\ currently\ testing\ the\ facebook\ commenting | if\ you'd\ like\ to\ report\ spam |
    thank\ you\ for\ your\ interest\ in\ spreading\ the\ word | note:\ we\ only\ request\ your\ email\ address |
    you\ must\ enter\ the\ characters | a\ friend\ wanted\ you\ to\ see\ this\ item | go\ to\ the\ legal\ help\ page |
    add\ this\ video\ to\ your\ website | this\ page\ has\ moved | use\ the\ navigation\ bar\ above | (and\ then\ )?update\ your\ bookmark |
    sorry,\ the\ page\ you\ requested | please\ check\ the\ url | the\ page\ you\ requested\ (was\ not\ found|no\ longer\ exists) |
    (small|medium|large)\ \(\ ?[sml]\ ?\)\ (has|is\ suitable) | it\ is\ the\ original\ image\ provided\ by\ the\ contributor |
    a\ daily\ crawl\ of\ more\ than | site\ list\ provided\ by | this\ collection\ (contains|broadly\ documents) | they\ include\ web\ captures |
    the\ original\ runs\ were\ just\ against | did\ all\ the\ different\ wikis | this\ one,\ the\ seed\ list |
    this\ uses\ the\ new\ hq\ software | this\ was\ a\ somewhat\ experimental\ crawl | crawler\ software\ and\ respected |
    what's\ in\ the\ data\ set:\ crawl | how\ we\ do\ these\ wide\ crawls | we\ also\ included\ repeated\ crawls |
    we\ may\ not\ have\ crawled | archive-it\ enables | banish\ broken\ links | this\ collaborative\ project\ is\ an\ extension\ of\ the\ 2016\ end\ of\ term
"""
# Phrases only: the article text goes on in the same "sentence".
_PHRASES = r"""
    media\ playback\ is\ unsupported\ on\ your\ device(\ media\ caption)? |
    advertisement\ continue\ reading\ the\ main\ story | continue\ reading\ the\ main\ story |
    image\ copyright\ \S+(\ \S+)?\ image\ caption |
    published\ on\ [a-z]{3}\ \d{1,2},\ \d{4} | skip\ ad\ ad\ loading\.* | loading\.\.\.
"""
_START = r"(?:^|(?<=[.!?])\s*|(?<=[.!?][\"'”’])\s*|\n\s*)"
_FURNITURE = re.compile(
    rf"{_START}(?:(?:{_SENTENCES})[^.!?\n]*[.!?]*|(?:{_PHRASES}))", re.IGNORECASE | re.VERBOSE | re.MULTILINE
)


def strip_furniture(text: str) -> str:
    """``text`` without furniture sentences and phrases (unchanged when there are none)."""
    return _FURNITURE.sub(" ", text)
