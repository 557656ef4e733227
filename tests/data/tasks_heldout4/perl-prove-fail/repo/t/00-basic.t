use strict;
use warnings;
use Test::More tests => 3;

use_ok('Slug', qw(slugify truncate_slug));
can_ok('Slug', qw(slugify truncate_slug));
is(Slug::slugify('abc'), 'abc', 'plain words are unchanged');
