# usage: ruby gen.rb DIR N_EXAMPLES FAIL_INDEXES(comma)
dir, n, fails = ARGV[0], ARGV[1].to_i, ARGV[2].split(",").map(&:to_i)
Dir.mkdir(dir) unless Dir.exist?(dir)
Dir.mkdir("#{dir}/spec") unless Dir.exist?("#{dir}/spec")
Dir.mkdir("#{dir}/lib") unless Dir.exist?("#{dir}/lib")
File.write("#{dir}/lib/ledger.rb", <<~R)
  class Ledger
    def initialize; @rows = []; end
    def add(amount); @rows << amount; self; end
    def total; @rows.sum; end
    def average; total / @rows.size; end
  end
R
words = %w[invoice refund payout settlement chargeback fee rebate transfer deposit withdrawal]
File.open("#{dir}/spec/ledger_spec.rb", "w") do |f|
  f.puts 'require_relative "../lib/ledger"'
  f.puts 'RSpec.describe Ledger do'
  n.times do |i|
    w = words[i % words.size]
    if fails.include?(i)
      case fails.index(i) % 3
      when 0 then f.puts "  it 'totals #{w} batch #{i}' do\n    expect(Ledger.new.add(#{i}).add(2).total).to eq(#{i + 3})\n  end"
      when 1 then f.puts "  it 'averages #{w} batch #{i}' do\n    expect(Ledger.new.average).to eq(0)\n  end"
      else f.puts "  it 'rejects negative #{w} #{i}' do\n    expect { Ledger.new.add(-#{i}) }.to raise_error(ArgumentError)\n  end"
      end
    else
      f.puts "  it 'adds #{w} number #{i}' do\n    expect(Ledger.new.add(#{i}).total).to eq(#{i})\n  end"
    end
  end
  f.puts 'end'
end
