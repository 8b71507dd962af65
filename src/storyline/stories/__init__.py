"""Story detection: group a stream of articles from many outlets into stories (``storyline stories``,
``docs/stories.md``), ready for ``storyline batch``.

```python
from storyline.stories import detect_stories, StoryOptions

for story in detect_stories(articles, StoryOptions(half_life_days=7)):   # dicts or Article objects
    print(story.id, story.empty, [article.id for article in story.members])
```
"""

from .core import Article, StoryDetector, StoryOptions, detect_stories
from .io import read_articles, story_record
from .metrics import Scores, score
from .online import Story
from .run import StoriesResult, run_stories

__all__ = [
    "Article",
    "Scores",
    "Story",
    "StoryDetector",
    "StoryOptions",
    "StoriesResult",
    "detect_stories",
    "read_articles",
    "run_stories",
    "score",
    "story_record",
]
